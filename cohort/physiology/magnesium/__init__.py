"""Magnesium: intake, absorption, an extracellular pool the kidney sees, tissue stores and serum Mg.

State, per athlete:

* ``mg_exchangeable_mg`` (E): extracellular (serum and interstitial) Mg, mg, ~1 % of body Mg
  (~250 mg at 70 kg); its status r = E / E_replete sets serum Mg and the filtered load;
* ``mg_body_mg`` (Q = E + T): body magnesium, mg (~25 g at 70 kg; ~60 % bone, ~27 % muscle), so the
  tissue pool (bone, muscle, cells) is T = Q - E;
* ``mg_status`` (s = T / T_replete): tissue magnesium status, 1 = replete; drives every crosstalk effect;
* ``mg_serum_mmol_l`` = serum_0 r: serum Mg, homeostatically held in 0.75-0.95 mmol/L, so a poor
  marker of stores (it moves by sigma of the tissue's fall at steady state, Lukaski & Nielsen 2002);
* daily flows ``mg_absorbed_mg_d``, ``mg_sweat_loss_mg_d``, ``mg_urinary_mg_d``, ``mg_balance_mg_d``;
* traits ``mg_replete_mg`` (Q_replete; E_replete = f_E Q_replete, T_replete = Q_replete - E_replete)
  and ``mg_serum_setpoint_mmol_l`` (serum_0).

Absorbed Mg enters the extracellular pool, every loss leaves it, and it exchanges with the tissue
pool. Daily update, with depletion delta = max(0, 1 - s) and training hours h:

    absorbed = (1 + k_a delta) A_1(I)                       (absorption rises when depleted)
    A_1(I)   = w [n V_max (I/n) / (I/n + K_t) + f_p I] + (1 - w) a I
               saturable + paracellular per meal over n = 3 meals (Fine 1991; switch w =
               mg_saturable_absorption, 1 by default; 0 gives the former fixed fraction a)
    losses L(r) = r (fecal_endogenous + dermal + s_sw c_sweat V_sweat) + urinary(r)
    urinary(r)  = U_ref q e^{g (q - 1)} (1 + s_u u_ex h) + w_T F max(0, r - 1),
                  q = q(min(r, 1)) = sigma r / (1 - (1 - sigma) r)  (threshold on; the tissue
                  status serum signals: q = s when the pools are in equilibrium)
    F           = GFR f_uf serum_setpoint M_Mg           (filtered Mg per unit r, ~2.1 g/d)
    exchange J  = K (min(r, 1) - r_eq(s)),   r_eq(s) = s / (sigma + (1 - sigma) s)   (extracellular -> tissue)
    K           = (f_x - f_E) Q_replete ln 2 / t_x       (~2.4 g/d per unit status at 70 kg)
    E_replete (r' - r) = absorbed - L(r') - J(r', s)     (implicit in r': the pool turns over in hours)
    T' = T + J;  Q' = E' + T';  s' = T' / T_replete;  serum = serum_0 r'
    balance  = absorbed - L(r')  (= Q' - Q)

The kidney filters the ultrafiltrable serum Mg (GFR f_uf serum, of which ~4.8 % is excreted at
replete) and reabsorbs the rest up to a maximum near the normal serum level (Tm; Quamme & Dirks
1986). Below it (r < 1, a depleted athlete) tubular reabsorption rises and urinary Mg falls as
q e^{g (q - 1)} of the tissue status serum signals (g fitted to MG-DEPL, as before with one
pool: at equilibrium q = s, so urine at a steady state is the former one); above it every extra
mg filtered is excreted (switch w_T = mg_renal_threshold). The tissue pool exchanges with serum at the rate of the rapidly exchanging
cell Mg (15 % of body Mg, half-time ~1 day: Avioli & Berman 1966, Silver 1960) and equilibrates
at r_eq(s) (serum falls by sigma of the tissue's fall); extracellular Mg above the replete level
does not load it further, so a replete athlete's tissue takes up none of a load, which the
kidney clears within a day or two (replete adults retain 6.3 +- 10.3 % of a 30 mmol IV load
over 24 h, Gullestad 1994), while a depleted athlete's tissue refills at up to K (1 - r_eq(s)).
At steady state the pools are in equilibrium: r = r_eq(s) below the threshold (urine as in the
former one-pool balance, the other losses scaled by r instead of s), s = 1 and r >= 1 at an
intake the replete kidney must clear. Lumping the slowly exchanging bone and muscle Mg (half-life ~1,000 h, Avioli & Berman)
with the rapid cell pool is a simplification: it holds while depletion stays within the
exchangeable ~15 % and overstates how fast a deeper deficit would develop or refill.

Losses leave the extracellular pool and so are first order in r: the obligatory fecal, dermal
and sweat losses take their measured values when replete and scale with r (a modelling
assumption, untested); urinary Mg falls further through renal conservation. Body Mg therefore
stays positive by construction, with no floor.

At the athletes' intake priors heavy training raises the daily losses to be absorbed by 10-20 %
(Nielsen & Lukaski 2006); ~50 % of the RDA for 13 weeks lowers tissue Mg (the renal gain g is
fitted to this, MG-DEPL) while serum stays in range (Lukaski & Nielsen 2002). Absorption
saturates per meal (Fine 1991), so a supplement adds far less than a fixed share of its dose.

Crosstalk (from the start-of-day tissue status; effects grow linearly with delta, capped at 0.5):
vitd_activation x (1 - min(m_max, c_D max(0, delta - delta_0))) (only when Mg is
low, so a replete or marginal athlete's vitamin D is unaffected), energy_cost x (1 + c_E delta),
and (hypotheses, off) fatigue_gain x (1 + c_R delta) (RyR1: Mg is a Ca antagonist), recovery x
(1 - c_S delta) (Mg-ATP for SERCA), ros_production x (1 + c_O delta), exercise_inflammation x
(1 + c_I delta). RyR1 and SERCA were labelled supported on one narrative review whose own account
leaves the whole-body effect unmeasured; as hypotheses they no longer raise fatigue or slow
recovery in default runs (MG-DEPL does not use them).


Layout of this package (everything above is importable from ``cohort.physiology.magnesium``):

* :mod:`~cohort.physiology.magnesium.variables`: ``NAME`` and the state variables ``V``;
* :mod:`~cohort.physiology.magnesium.parameters`: :class:`MagnesiumParams` and ``P``;
* :mod:`~cohort.physiology.magnesium.mechanisms`: the flow and effect kernels and their registration ``M``;
* :mod:`~cohort.physiology.magnesium.kinetics`: the daily ``crosstalk`` and ``kinetics`` kernels;
* :mod:`~cohort.physiology.magnesium.initial`: the steady state in both pools (``initialize``);
* this file: the :class:`~cohort.physiology.base.Subsystem` record ``SUBSYSTEM``.
"""

from __future__ import annotations

from cohort.physiology.base import Subsystem, Threshold
from cohort.physiology.magnesium.initial import (
    baseline_training_hours,
    daily_balance,
    initial_channels,
    initialize,
    requirement_mg_d,
    steady_state,
    steady_status,
)
from cohort.physiology.magnesium.kinetics import CONTRIBUTES, crosstalk, kinetics
from cohort.physiology.magnesium.mechanisms import (
    MEALS_PER_DAY,
    M,
    absorbed_replete,
    daily_flows,
    depletion,
    energy_cost,
    equilibrium_status,
    exchange_conductance,
    exchange_flux,
    exercise_inflammation,
    extracellular_status,
    losses,
    net_exchange,
    oxidative_stress,
    ryr1_fatigue,
    serca_recovery,
    signalled_status,
    steady_flows,
    sweat_loss,
    tissue_equilibrium,
    urinary_flow,
    urinary_loss,
    vitd_activation,
)
from cohort.physiology.magnesium.parameters import MagnesiumParams, P
from cohort.physiology.magnesium.variables import INTAKE_MAGNESIUM, MG_PER_MMOL, NAME, V

__all__ = [
    "CONTRIBUTES",
    "INTAKE_MAGNESIUM",
    "M",
    "MEALS_PER_DAY",
    "MG_PER_MMOL",
    "MagnesiumParams",
    "NAME",
    "P",
    "SUBSYSTEM",
    "V",
    "absorbed_replete",
    "baseline_training_hours",
    "crosstalk",
    "daily_balance",
    "daily_flows",
    "depletion",
    "energy_cost",
    "equilibrium_status",
    "exchange_conductance",
    "exchange_flux",
    "exercise_inflammation",
    "extracellular_status",
    "initial_channels",
    "initialize",
    "kinetics",
    "losses",
    "net_exchange",
    "oxidative_stress",
    "requirement_mg_d",
    "ryr1_fatigue",
    "serca_recovery",
    "signalled_status",
    "steady_flows",
    "steady_state",
    "steady_status",
    "sweat_loss",
    "tissue_equilibrium",
    "urinary_flow",
    "urinary_loss",
    "vitd_activation",
]


SUBSYSTEM = Subsystem(
    name=NAME,
    params=MagnesiumParams,
    crosstalk=crosstalk,
    kinetics=kinetics,
    initialize=initialize,
    crosstalk_reads=("mg_status",),
    contributes=CONTRIBUTES,
    kinetics_reads=("intake_magnesium_mg", "sweat_loss_l", "training_minutes"),
    writes=(
        "mg_exchangeable_mg", "mg_body_mg", "mg_status", "mg_serum_mmol_l", "mg_absorbed_mg_d", "mg_sweat_loss_mg_d", "mg_urinary_mg_d",
        "mg_balance_mg_d",
    ),
    summary_variables=("mg_status", "mg_serum_mmol_l"),
    thresholds=(
        Threshold("mg_serum_low", "mg_serum_mmol_l", True, 0.75, "serum Mg < 0.75 mmol/L (hypomagnesaemia)", ("razzaque2018",)),
        Threshold("mg_tissue_low", "mg_status", True, 0.9, "tissue Mg > 10 % below replete", ("lukaski2002",)),
    ),
    description="Magnesium intake, absorption, sweat and urinary losses, tissue stores and serum Mg",
)
