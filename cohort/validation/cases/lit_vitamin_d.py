"""Literature validation cases of vitamin D (validation split); protocols in
``cohort/validation/protocols/<CASE-ID>.yaml``, run through the experiment API."""

from __future__ import annotations

from cohort.validation.framework import Check, case
from cohort.validation.protocols import run_protocol, smd

NMOL_PER_NG_ML = 2.496  # 25(OH)D: 1 ng/mL = 2.496 nmol/L


@case(
    "LIT-VD-STR", "Vitamin D3 and strength gains in athletes with 25(OH)D < 75 nmol/L", "vitamin_d", ("sist2023",), "[A]",
    "Meta-analysis of 11 RCTs, 436 athletes (Sist 2023, abstract): with baseline 25(OH)D < 75 nmol/L vitamin D "
    "had a small, non-significant effect on 1RM strength gains: lower body SMD 0.26 (95 % CI -0.13 to 0.65), "
    "upper body 0.25 (-0.44 to 0.95). In silico (LIT-VD-STR.yaml): 600 trained athletes at 45-60 N from "
    "November, resistance training 3x/wk, 4000 IU D3 daily vs none for 12 weeks; SMD of the 1RM changes in "
    "athletes with baseline 25(OH)D < 75 nmol/L (checked against the lower-body interval). Measured as in the "
    "trials: 25(OH)D drawn at baseline (CV 10 %) and 1RM tested in weeks 0 and 12 (test-retest CV 4.2 %) "
    "through the observation layer.",
    kind="validation",
    mechanisms=('vitd_oral_intake', 'vitd_hydroxylation_saturation', 'vitd_vdr_force', 'vitd_vdr_strength_adaptation'),
    published='strength SMD 0.26 (-0.13 to 0.65), lower body, baseline 25(OH)D < 75 nmol/L',
)
def lit_vd_str() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-VD-STR")
    low = out.drawn("placebo", "vitd_25oh_nmol_l", 0) < 75.0
    gain = {arm: out.drawn_change(arm, "strength_1rm_kg", 12)[low] for arm in ("vitamin_d3", "placebo")}
    return [Check(f"SMD of the measured 1RM change, D3 vs none (25(OH)D < 75, n={low.sum()})", smd(gain["vitamin_d3"], gain["placebo"]),
                  -0.13, 0.65, "SMD")]


@case(
    "LIT-VD-WINTER", "25(OH)D of college athletes from autumn to winter at 41 N", "vitamin_d", ("halliday2011",), "[A]",
    "Cohort (Halliday 2011, abstract): 41 college athletes in Laramie (41 N; 12 indoor, 29 outdoor), 25(OH)D "
    "49.0 +- 16.6 ng/mL in the fall and 30.5 +- 9.4 ng/mL in winter (mean +- SD). Intervals mean +- 2 SE "
    "(n = 41) converted with 2.496 nmol/L per ng/mL: fall 109-135, winter 69-83 nmol/L; ratio bounds from the "
    "two intervals 0.51-0.76. In silico (LIT-VD-WINTER.yaml): 400 athletes at 41.0-41.6 N, 29 % indoor, no "
    "supplements, at Laramie's altitude (2200 m: skin synthesis x 1.33, vitd_altitude_uv), from 15 September for "
    "20 weeks (fall = baseline, winter = early February; the paper's exact draw dates were not read, an "
    "assumption). 25(OH)D is "
    "measured by lab draws with the observation layer's assay CV (10 %).",
    kind="validation",
    mechanisms=('vitd_skin_synthesis', 'vitd_altitude_uv', 'vitd_fat_storage', 'vitd_oral_intake'),
    published='fall 49.0 ng/mL (109-135 nmol/L), winter 30.5 ng/mL (69-83 nmol/L), winter/fall 0.62 (0.51-0.76)',
    diagnosis="With Laramie's altitude (2200 m; vitd_altitude_uv, sourced from Blumthaler 1997, not tuned here) "
    "and the sourced outdoor-time priors (Diffey 2011, Thieden 2005/2006, Wilson-Barnes 2020; skin yield refitted "
    "to VD-SEASON/VD-PREV under them) the fall level passes (113.2 nmol/L, interval 109.4-135.2; it was 106.5 "
    "with the earlier unsourced priors) but winter stays low: 58.3 (68.8-83.5; was 56.9), so the autumn-to-winter "
    "fall is steep (winter/fall 0.515, inside the interval 0.51-0.76 by a hair; Halliday 0.62). Outdoor time "
    "moves both levels together and cannot close the winter gap alone. Two candidate reasons, neither tested: "
    "the model keeps the 35 deg solar-elevation threshold at any altitude, so Laramie makes no D3 from "
    "November, whereas UVB at low sun rises most with altitude (Blumthaler 1997: +18.6 %/1000 m at 20 deg "
    "elevation); and the fat store (45 d half-life) may release summer D3 over a shorter time than in these "
    "athletes.",
)
def lit_vd_winter() -> list[Check]:
    """Measured on the protocol file's emergent output; metadata in the decorator."""
    out = run_protocol("LIT-VD-WINTER")
    fall = float(out.drawn("control", "vitd_25oh_nmol_l", 0).mean())
    winter = float(out.drawn("control", "vitd_25oh_nmol_l", 20).mean())
    se = 2.0 / 41**0.5
    return [
        Check("mean 25(OH)D in the fall", fall, (49.0 - 16.6 * se) * NMOL_PER_NG_ML, (49.0 + 16.6 * se) * NMOL_PER_NG_ML, "nmol/L"),
        Check("mean 25(OH)D in winter", winter, (30.5 - 9.4 * se) * NMOL_PER_NG_ML, (30.5 + 9.4 * se) * NMOL_PER_NG_ML, "nmol/L"),
        Check("winter / fall mean 25(OH)D", winter / fall, (30.5 - 9.4 * se) / (49.0 + 16.6 * se), (30.5 + 9.4 * se) / (49.0 - 16.6 * se),
              "ratio"),
    ]
