#!/usr/bin/env bash
# Launch the Aurora PPO stage on eight GPUs.
set -euo pipefail
export NCCL_DEBUG=WARN
for seed in 1 2 3; do
    torchrun --nproc_per_node 8 train_ppo.py --seed "$seed" --lr 1e-5 --kl-coef 0.05 \
        --output "/scratch/aurora/ppo-$seed"
done
