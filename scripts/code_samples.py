"""Source-code samples for the code extractor and compare.code (imported by make-samples.py).

Everything here is written for Exhibit. samples/formats/code/ holds a PPO loss, the same code
renamed and reformatted, other languages and hostile files; samples/case/ gains each party's RL
utilities, the respondent's holding a renamed, reformatted copy of the claimant's advantage code
beside code of its own.
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
CODE = os.path.join(ROOT, "formats", "code")
CASE = os.path.join(ROOT, "case")

PPO_LOSS = '''"""Clipped PPO objective for the Aurora RL stack."""
import torch


def ppo_loss(logprobs, old_logprobs, advantages, returns, values, clip_eps=0.2, vf_coef=0.5):
    # Probability ratio between the new and the old policy.
    ratio = torch.exp(logprobs - old_logprobs)
    unclipped = ratio * advantages
    clipped = torch.clamp(ratio, 1.0 - clip_eps, 1.0 + clip_eps) * advantages
    policy_loss = -torch.min(unclipped, clipped).mean()

    # Value loss, clipped around the old values as in the original paper.
    value_loss = 0.5 * (returns - values).pow(2).mean()

    approx_kl = (old_logprobs - logprobs).mean()
    clip_fraction = ((ratio - 1.0).abs() > clip_eps).float().mean()
    total = policy_loss + vf_coef * value_loss
    return total, {
        "policy_loss": policy_loss.item(),
        "value_loss": value_loss.item(),
        "approx_kl": approx_kl.item(),
        "clip_fraction": clip_fraction.item(),
    }


def whiten(values, shift_mean=True):
    mean, var = torch.mean(values), torch.var(values)
    whitened = (values - mean) * torch.rsqrt(var + 1e-8)
    if not shift_mean:
        whitened += mean
    return whitened


LOG_EVERY = 10
'''

# The same tokens after renaming every variable, black-style reformatting (a trailing comma,
# double quotes, wrapped arguments) and new comments: only layout and names differ.
PPO_LOSS_RENAMED = '''# Borealis policy optimisation helpers.
"""PPO surrogate."""
import torch


def ppo_loss(
    lp,
    lp_old,
    adv,
    ret,
    v,
    eps=0.2,
    c_v=0.5,
):
    r = torch.exp(lp - lp_old)  # importance ratio
    a = r * adv
    b = torch.clamp(r, 1.0 - eps, 1.0 + eps) * adv
    pl = -torch.min(a, b).mean()
    vl = 0.5 * (ret - v).pow(2).mean()
    kl = (lp_old - lp).mean()
    cf = ((r - 1.0).abs() > eps).float().mean()
    out = pl + c_v * vl
    return out, {"policy_loss": pl.item(), "value_loss": vl.item(), "approx_kl": kl.item(), "clip_fraction": cf.item()}


def whiten(x, shift_mean=True):
    m, s = torch.mean(x), torch.var(x)
    w = (x - m) * torch.rsqrt(s + 1e-8)
    if not shift_mean:
        w += m
    return w


LOG_EVERY = 10
'''

LAUNCH = '''#!/usr/bin/env bash
# Launch the Aurora PPO stage on eight GPUs.
set -euo pipefail
export NCCL_DEBUG=WARN
for seed in 1 2 3; do
    torchrun --nproc_per_node 8 train_ppo.py --seed "$seed" --lr 1e-5 --kl-coef 0.05 \\
        --output "/scratch/aurora/ppo-$seed"
done
'''

SOFTMAX = '''// Row-wise softmax over a [rows, cols] matrix, one block per row.
#include <cuda_runtime.h>

__global__ void fused_softmax(const float* in, float* out, int cols) {
    extern __shared__ float cache[];
    const float* row = in + blockIdx.x * cols;
    float peak = -1e30f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) peak = fmaxf(peak, row[i]);
    cache[threadIdx.x] = peak;
    __syncthreads();
    /* a tree reduction would go here */
    float sum = 0.0f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) sum += expf(row[i] - cache[0]);
    for (int i = threadIdx.x; i < cols; i += blockDim.x) out[blockIdx.x * cols + i] = expf(row[i] - cache[0]) / sum;
}
'''

EVALUATE = '''#!/usr/bin/env python3
"""Score a checkpoint on the held-out prompts."""
import json
import sys

with open(sys.argv[1]) as handle:
    prompts = [json.loads(line) for line in handle]
scores = [len(p["completion"]) / max(1, len(p["prompt"])) for p in prompts]
print(json.dumps({"n": len(scores), "mean": sum(scores) / max(1, len(scores))}))
'''

# The claimant's advantage estimation (Aurora Dynamics, 2023).
AURORA_ADVANTAGES = '''"""Advantage estimation for Aurora's PPO stage (internal, 2023)."""
import torch


def generalized_advantages(rewards, values, dones, gamma=0.99, lam=0.95):
    """GAE over a rollout of T steps; tensors are [T, batch]."""
    steps = rewards.shape[0]
    advantages = torch.zeros_like(rewards)
    running = torch.zeros_like(rewards[0])
    for t in reversed(range(steps)):
        next_value = values[t + 1] if t + 1 < steps else torch.zeros_like(values[t])
        not_done = 1.0 - dones[t].float()
        delta = rewards[t] + gamma * next_value * not_done - values[t]
        running = delta + gamma * lam * not_done * running
        advantages[t] = running
    returns = advantages + values
    return advantages, returns


def normalize_rewards(scores, running_mean, running_var, momentum=0.01):
    batch_mean, batch_var = scores.mean(), scores.var()
    running_mean = (1 - momentum) * running_mean + momentum * batch_mean
    running_var = (1 - momentum) * running_var + momentum * batch_var
    return (scores - running_mean) / torch.sqrt(running_var + 1e-6), running_mean, running_var


def kl_penalty(logprobs, ref_logprobs, coef=0.05):
    """The per-token KL penalty of RLHF, as Aurora computes it."""
    return -coef * (logprobs - ref_logprobs)
'''

# The respondent's utilities (Borealis Labs, 2024): the GAE function renamed and reformatted,
# beside a reward model head and a schedule of its own.
BOREALIS_RL_UTILS = '''# Borealis RL utilities.
import math

import torch
import torch.nn as nn


class RewardHead(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, 1, bias=False)

    def forward(self, hidden_states, attention_mask):
        last = attention_mask.sum(dim=1) - 1
        pooled = hidden_states[torch.arange(hidden_states.size(0)), last]
        return self.proj(pooled).squeeze(-1)


def compute_gae(r, v, d, discount=0.99, trace=0.95):
    T = r.shape[0]
    out = torch.zeros_like(r)
    acc = torch.zeros_like(r[0])
    for i in reversed(range(T)):
        nv = v[i + 1] if i + 1 < T else torch.zeros_like(v[i])
        live = 1.0 - d[i].float()
        td = r[i] + discount * nv * live - v[i]
        acc = td + discount * trace * live * acc
        out[i] = acc
    ret = out + v
    return out, ret


def kl_schedule(step, start=0.1, end=0.02, horizon=10_000):
    progress = min(1.0, step / horizon)
    return end + (start - end) * 0.5 * (1 + math.cos(math.pi * progress))
'''


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def code():
    write(os.path.join(CODE, "ppo_loss.py"), PPO_LOSS)
    write(os.path.join(CODE, "ppo_loss_renamed.py"), PPO_LOSS_RENAMED)
    write(os.path.join(CODE, "launch.sh"), LAUNCH)
    write(os.path.join(CODE, "fused_softmax.cu"), SOFTMAX)
    write(os.path.join(CODE, "evaluate"), EVALUATE)
    write(os.path.join(CODE, "tiny.py"), "x = 1\n")
    write(os.path.join(CODE, "hostile", "unterminated.py"),
          'def f(a):\n    return a + 1\n\nbanner = """never closed\n' + "x = 1\n" * 20)
    write(os.path.join(CODE, "hostile", "utf16.py"), "\ufeffdef f(a):\n    return a\n".encode("utf-16-le"))
    write(os.path.join(CODE, "hostile", "binary.py"), b"\x00\x01\x02compiled\x00" * 64)
    write(os.path.join(CASE, "claimant", "aurora-rl", "advantages.py"), AURORA_ADVANTAGES)
    write(os.path.join(CASE, "respondent", "borealis-rl", "rl_utils.py"), BOREALIS_RL_UTILS)
