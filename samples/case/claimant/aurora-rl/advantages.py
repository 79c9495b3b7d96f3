"""Advantage estimation for Aurora's PPO stage (internal, 2023)."""
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
