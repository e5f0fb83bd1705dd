# The sync script sits beside its tests (not installed): make `import sync` work from any directory.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
