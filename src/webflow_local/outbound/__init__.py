"""Requests this server makes itself (webhook deliveries, remote file fetches): marked so the control plane
refuses them, and kept off private targets when an operator says so."""
