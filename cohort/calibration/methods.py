"""Estimation methods: an Optuna point estimate and an emcee posterior.

``optimize``  maximises the log posterior with Optuna's TPE or CMA-ES sampler (seeded), in
              the transformed space of the priors; returns the best candidate (the MAP).
``sample``    runs emcee's ensemble sampler with differential-evolution moves (ter Braak
              2006; DE-snooker, ter Braak & Vrugt 2008) on the log posterior, walkers
              started in a small ball around the MAP (or from the prior when there is none); returns the chain after burn-in and thinning, and
              diagnostics (acceptance fraction, integrated autocorrelation time, effective
              sample size).

Why emcee: the likelihood is explicit (the observation layer's assay error given a
CRN-fixed simulation), so no simulation-based inference is needed; emcee is pure numpy, a
candidate costs one model run (~15-30 ms for 20 athletes x 12 weeks on this machine), and it
needs no tuning of proposal scales. ABC-SMC (pyabc) would discard the likelihood we have and
need many more runs; sbi NPE would need torch (~1 GB) and thousands of training runs.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cohort.calibration.likelihood import LogPosterior
from cohort.calibration.spec import Optimize, Posterior

Progress = Callable[[int], None]


@dataclass
class PointEstimate:
    x: np.ndarray
    log_posterior: float
    diagnostics: dict[str, Any] = field(default_factory=dict)


@dataclass
class Chain:
    x: np.ndarray  # (draws, ndim), transformed space
    log_posterior: np.ndarray  # (draws,)
    diagnostics: dict[str, Any] = field(default_factory=dict)


def optimize(posterior: LogPosterior, settings: Optimize, progress: Progress | None = None) -> PointEstimate:
    """Maximise the log posterior with Optuna (TPE or CMA-ES, seeded)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    logging.getLogger("optuna").setLevel(logging.WARNING)
    names = [f"x{j}" for j in range(posterior.ndim)]
    with warnings.catch_warnings():  # multivariate TPE is flagged experimental in some Optuna versions
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        if settings.sampler == "cmaes":
            sampler: Any = optuna.samplers.CmaEsSampler(seed=settings.seed, warn_independent_sampling=False)
        else:
            sampler = optuna.samplers.TPESampler(seed=settings.seed, multivariate=True)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    # start from the middle of the prior box, so a short run is never worse than the prior's centre
    study.enqueue_trial({name: 0.5 * (lo + hi) for name, lo, hi in zip(names, posterior.low, posterior.high, strict=True)})

    def objective(trial: Any) -> float:
        x = np.array([trial.suggest_float(n, lo, hi) for n, lo, hi in zip(names, posterior.low, posterior.high, strict=True)])
        value = posterior(x)
        if progress is not None:
            progress(1)
        return value if math.isfinite(value) else -1e300

    study.optimize(objective, n_trials=settings.trials)
    best = study.best_trial
    x = np.array([best.params[n] for n in names])
    assert best.value is not None
    return PointEstimate(
        x, float(best.value),
        {"trials": settings.trials, "best_trial": best.number, "sampler": settings.sampler, "seed": settings.seed},
    )


def walkers_for(ndim: int, settings: Posterior) -> int:
    walkers = settings.walkers or max(8, 2 * ndim + 2)
    walkers = max(walkers, 2 * ndim + 2)
    return walkers + walkers % 2


def sample(
    posterior: LogPosterior, settings: Posterior, start: np.ndarray | None = None, progress: Progress | None = None
) -> Chain:
    """Sample the posterior with emcee; walkers start around ``start`` (else from the prior)."""
    import emcee

    ndim = posterior.ndim
    walkers = walkers_for(ndim, settings)
    rng = np.random.default_rng(settings.seed)
    width = posterior.high - posterior.low
    if start is None:
        initial = posterior.low + rng.random((walkers, ndim)) * width
    else:  # a ball of 2 % of the prior width around the point estimate, kept inside the box
        initial = start[None, :] + 0.02 * width * rng.standard_normal((walkers, ndim))
        initial = np.clip(initial, posterior.low + 1e-9 * width, posterior.high - 1e-9 * width)
    # differential-evolution proposals (ter Braak 2006, 2008): better than the stretch move in the
    # dozens of dimensions per-athlete parameters give (emcee's recommended mixture)
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(walkers, ndim, posterior, moves=moves)
    sampler.random_state = np.random.RandomState(settings.seed).get_state()  # noqa: NPY002 - emcee's API
    for _ in sampler.sample(initial, iterations=settings.steps):
        if progress is not None:
            progress(walkers)
    chain = sampler.get_chain(discard=settings.burn, thin=settings.thin, flat=True)
    log_prob = sampler.get_log_prob(discard=settings.burn, thin=settings.thin, flat=True)
    with np.errstate(invalid="ignore", divide="ignore"):  # a chain that never moved has no estimate
        tau = np.asarray(sampler.get_autocorr_time(discard=settings.burn, quiet=True, tol=0), dtype=np.float64)
    kept = settings.steps - settings.burn
    diagnostics = {
        "walkers": walkers, "steps": settings.steps, "burn": settings.burn, "thin": settings.thin, "seed": settings.seed,
        "acceptance_fraction": float(np.mean(sampler.acceptance_fraction)),
        "autocorrelation_time_steps": [float(t) if np.isfinite(t) else None for t in tau],
        "effective_sample_size": [float(walkers * kept / max(t, 1.0)) if np.isfinite(t) else None for t in tau],
        "chain_longer_than_50_tau": bool(np.all(np.isfinite(tau)) and np.all(kept > 50 * tau)),
    }
    return Chain(np.asarray(chain), np.asarray(log_prob), diagnostics)
