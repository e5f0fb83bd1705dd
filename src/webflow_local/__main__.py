from webflow_local.cli import main

main()
