"""Clipped PPO objective for the Aurora RL stack."""
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
