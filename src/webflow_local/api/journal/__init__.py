"""The request journal: every /v2 and /beta request, kept to a bounded size, listed by the control plane."""
