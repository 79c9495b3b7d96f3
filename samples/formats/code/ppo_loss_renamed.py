# Borealis policy optimisation helpers.
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
