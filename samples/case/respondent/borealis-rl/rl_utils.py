# Borealis RL utilities.
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
