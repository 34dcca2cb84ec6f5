#!/bin/bash
# Start Vernier sweep workers as a Slurm job array: each array task is one `vernier worker`, taking jobs from the
# shared PostgreSQL run store until the queue is empty. Queue the sweep first, once:
#   vernier sweep grid.yaml --store "$VERNIER_STORE"
# then submit:
#   sbatch --export=ALL,VERNIER_STORE=postgresql://vernier@db.example.org:5432/runs docs/sweeps/slurm-workers.sh
# Keep the password in ~/.pgpass (mode 600) or PGPASSWORD, never in the URL. See docs/sweeps.md.
#SBATCH --job-name=vernier-workers
#SBATCH --array=1-8
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=vernier-worker-%A_%a.log
set -euo pipefail

: "${VERNIER_STORE:?set VERNIER_STORE to the shared store, e.g. postgresql://vernier@db.example.org:5432/runs}"
VERNIER="${VERNIER:-vernier}"
POLICY_DIR="${POLICY_DIR:-$PWD/policies}"
mkdir -p "$POLICY_DIR"

# A name per array task, so `vernier` and the job table show which task ran what; a task killed by Slurm (time
# limit, preemption) leaves its job to be taken again by another worker once its lease (60 s) runs out.
exec "$VERNIER" worker \
    --name "slurm-${SLURM_ARRAY_JOB_ID:-0}-${SLURM_ARRAY_TASK_ID:-0}" \
    --out-dir "$POLICY_DIR" \
    --lease 60
