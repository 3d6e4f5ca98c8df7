"""The iron subsystem's mechanism kernels and their registration (:data:`K`).

Each kernel's docstring is the equation shown by ``cohort mechanisms``.
"""

from __future__ import annotations

import math

from cohort.jit import kernel
from cohort.mechanisms import MECHANISMS, Mechanism
from cohort.physiology import hepcidin
from cohort.physiology.inputs import MAX_SESSIONS, SESSION0, SESSION_STRIDE
from cohort.physiology.iron.parameters import P
from cohort.physiology.iron.variables import NAME, V
from cohort.physiology.traits import T


@kernel
def hepcidin_absorption_factor(hepcidin_nmol_l, p):
    """R_hep = (1 + h_ref/K_h) / (1 + h/K_h): hepcidin degrades ferroportin and blocks
    enterocyte export; 1 at the reference hepcidin (nmol/L). References: Ganz 2011; Moretti 2015."""
    return p[P.hep_abs_ref] / (1.0 + hepcidin_nmol_l * p[P.hep_abs_inv])


@kernel
def enterocyte_hepcidin(serum_nmol_l, excess_nmol_l, effective_excess_nmol_l, strength):
    """h_abs = h - H + G: the hepcidin that sets absorption, with the acute excess H of serum
    hepcidin h replaced by G, which follows it with a lag, dG/dt = g (H - G) (g = ln 2 / t_lag;
    closed form in :mod:`cohort.physiology.hepcidin`). Hepcidin acts by internalising and
    degrading ferroportin (Nemeth 2004), so its effect on the gut outlasts the peptide (mice:
    duodenal uptake still cut 24 h after one injection, Laftah 2004) and builds up after it:
    6 h after 60 mg Fe, serum hepcidin had risen 0.9 -> 4.1 nmol/L and absorption fell 27 %,
    while 24 h after a dose a smaller rise came with a 36 % fall (Moretti 2015); a meal 2 h after
    a long run was absorbed 36 % less with hepcidin up 51 % (Barney 2022), a faster effect. t_lag
    is fitted to both (4 h; not measured in people). The baseline (stores, circadian) varies
    slowly and enters unlagged. Strength s scales the lag: h - H + H + s (G - H); 0 gives the
    instantaneous h."""
    return serum_nmol_l + strength * (effective_excess_nmol_l - excess_nmol_l)


@kernel
def store_absorption_factor(ferritin, p):
    """R_store = 1 + u max(0, 1 - F/F_up): mucosal (HIF-2a, DMT1) up-regulation below ferritin
    ~50 ug/L, on top of the hepcidin effect. References: Galetti 2021; Bezwoda 1979."""
    return 1.0 + p[P.store_upregulation] * max(0.0, 1.0 - ferritin * p[P.store_up_inv])


@kernel
def heme_store_factor(ferritin, p):
    """Heme FIA relative to replete stores: (F/100)^{-s_h} above F_h ~10 ug/L, (F_h/100)^{-s_h} below
    (the maximum with empty stores); s_h = log(f_dep/f_rep)/log(100/F_h), so FIA = f_dep at
    ferritin F_h and f_rep at 100 ug/L, and keeps falling with larger stores (Hallberg 1997:
    heme and non-heme absorption both controlled by iron status), so that every diet has a
    steady state."""
    ferritin = max(ferritin, p[P.heme_plateau_ferritin_ug_l])
    return math.exp(-p[P.heme_store_slope] * math.log(ferritin * 0.01))


@kernel
def vitc_enhancement(vitamin_c_mg, weight, p):
    """C = 1 + w E_C c/(c + c50): ascorbate reduces Fe3+ and chelates it against phytate;
    1.65x at 25 mg and 9.6x at 1000 mg in a single meal (Cook & Monsen 1977). w < 1 in a
    complete diet (Cook & Reddy 2001: no measurable effect over 51-247 mg/d) and for a
    fasting ferrous-salt dose, already soluble Fe2+ with no phytate to counter (w_dose;
    Brise & Hallberg 1962). Long-term supplementation barely changes ferritin (Hunt 1994;
    Cook 1984), not through gut adaptation but through this small whole-diet effect and the
    hepcidin feedback on absorption."""
    return 1.0 + weight * p[P.vitc_max_enhancement] * hepcidin.hill(vitamin_c_mg, p[P.vitc_half_mg], False)


@kernel
def calcium_inhibition(calcium_mg, weight, p):
    """Ca = 1 - w I_Ca ca^2/(ca^2 + ca50^2): none at 40 mg, ~50 % at 300 mg in a single meal
    (Hallberg 1991); small in a complete diet (Reddy & Cook 1997)."""
    return 1.0 - weight * p[P.calcium_max_inhibition] * hepcidin.hill(calcium_mg, p[P.calcium_half_mg], True)


@kernel
def polyphenol_inhibition(polyphenol_mg, iron_mg, weight, capacity, p):
    """P = 1 - w s: tea/coffee with 20-400 mg polyphenols cut absorption of a meal's few mg of
    iron by 50-90 % (Hurrell 1999), s = I_P p/(p + p50) there. Polyphenols inhibit by binding
    iron (galloyl/catechol groups; Brune 1989; Disler 1975), so the iron they block uses up
    their binding groups: with D mg non-heme iron and a binding capacity b mg Fe per mg
    polyphenol, s = I_P p_f/(p_f + p50) of the free polyphenol p_f = p - s D/b, i.e. the
    smaller root of (D/b) s^2 - (p + p50 + I_P D/b) s + I_P p = 0,

        s = 2 I_P p / (A + sqrt(A^2 - 4 I_P p D/b)),  A = p + p50 + I_P D/b

    (ligand depletion). s = I_P p/(p + p50) when D << b p (a meal), s -> b p/D when the iron
    exceeds the binding capacity (a 100 mg dose). b from Fe(III)-phenol stoichiometry:
    ``capacity`` (the polyphenol_binding_capacity switch) scales D/b; 0 gives the meal curve
    for every iron amount."""
    inhibition = p[P.polyphenol_max_inhibition]
    if polyphenol_mg <= 0.0:
        return 1.0
    load = capacity * iron_mg * p[P.polyphenol_binding_inv] if iron_mg > 0.0 else 0.0
    total = polyphenol_mg + p[P.polyphenol_half_mg] + inhibition * load
    share = 2.0 * inhibition * polyphenol_mg / (total + math.sqrt(total * total - 4.0 * inhibition * polyphenol_mg * load))
    return 1.0 - weight * share


@kernel
def phytate_inhibition(phytate_mg, weight, p):
    """Phy = 1 - w I_phy q/(q + q50), q phytic acid (mg) stated with the event: sodium phytate added
    to phytate-free wheat rolls cut non-heme absorption by 18, 64 and 82 % at 2, 25 and 250 mg
    phytate-P (Hallberg 1989); the phytate:iron molar ratio rules of Hurrell & Egli 2010. A habitual
    meal's phytate is in its matrix factor m, so only test meals state it."""
    return 1.0 - weight * p[P.phytate_max_inhibition] * hepcidin.hill(phytate_mg, p[P.phytate_half_mg], False)


@kernel
def exercise_il6_impulse(minutes, intensity, p):
    """Q = il6 (min/60) (intensity/0.75)^{x_I} pg/mL: IL-6 a session releases, spread evenly over
    the session (release rate Q/duration), so IL-6 peaks at the end of exercise and hepcidin
    starts rising during it, peaking ~3-6 h after (Fischer 2006; Peeling 2009; Newlin 2012)."""
    if minutes <= 0.0 or intensity <= 0.0:
        return 0.0
    relative = intensity / 0.75
    exponent = p[P.il6_intensity_exponent]
    scale = relative * relative if exponent == 2.0 else math.pow(relative, exponent)
    return p[P.il6_per_hour_pg_ml] * (minutes / 60.0) * scale


@kernel
def exercise_store_permission(ferritin, p):
    """F^2/(F^2 + F50^2), F50 ~30 ug/L: the post-exercise hepcidin rise needs replete stores
    (BMP-SMAD tone); absent below ferritin 30 ug/L (Peeling 2014)."""
    return hepcidin.hill(ferritin, p[P.exercise_ferritin_half_ug_l], True)


@kernel
def vitc_exercise_factor(vitamin_c_mg, p):
    """1 - a c/(c + c50) on the IL-6 -> hepcidin gain from today's vitamin C intake c (mg).

    The review's claim (Dzik 2023, not found); Diaz 2015 found vitamins C + E did NOT prevent
    the rise, so it is labelled contradicted and off by default. It reads the day's vitamin C
    intake rather than plasma ascorbate: ascorbate is the antioxidants subsystem's state, and
    the factor acts on iron's own hepcidin_exercise_response gain, which a subsystem may not
    contribute to as a channel, so it is applied inside iron's kinetics instead."""
    return 1.0 - p[P.vitc_exercise_hepcidin_attenuation] * hepcidin.hill(vitamin_c_mg, p[P.vitc_exercise_half_mg], False)


@kernel
def hb_o2_delivery(hb_mass_g, hb_mass_baseline_g, vo2max_ml_min, p):
    """O = 1 + k (M - M0)/VO2max0: ~3-4 mL/min VO2max per g Hb mass (Schmidt & Prommer 2010),
    ~1 % per 3 g/L [Hb] at constant blood volume (Otto 2013)."""
    return 1.0 + p[P.vo2max_ml_min_per_g_hb] * (hb_mass_g - hb_mass_baseline_g) / vo2max_ml_min


@kernel
def dose_hepcidin_impulse(absorbed_mg, p):
    """dJ = A^2/(A^2 + A50^2) for iron A (mg) absorbed at an event; J drives hepcidin at k_J per
    unit (Bateman chain of hepcidin.py). Sigmoid because hepcidin answers the transferrin-
    saturation spike of a large dose, which meals (< 1 mg absorbed) barely cause: doses
    >= 60 mg raise hepcidin at 24 h, not at 48 h (Moretti 2015; Stoffel 2017)."""
    return hepcidin.hill(absorbed_mg, p[P.signal_half_absorbed_mg], True)


@kernel
def store_hepcidin(ferritin, strength, p):
    """h = h_ref (F/50)^{s s_F} nmol/L: BMP6-SMAD signalling tracks liver iron; log-log slope
    0.78 (0.74-0.82) in men and 0.83 (0.78-0.88) in women, medians 4.1 (F) and 7.8 (M) nmol/L
    (Galesloot 2011, 2,998 people); no plateau: hepcidin rises with ferritin over the whole range
    in 1,058 isotope studies of women (Galetti 2021)."""
    if ferritin <= 0.0:
        return 0.0
    return p[P.hepcidin_ref_nmol_l] * math.exp(strength * p[P.hepcidin_ferritin_slope] * math.log(ferritin * 0.02))


@kernel
def erythroid_hepcidin_factor(hb, hb_set, p):
    """1 / (1 + e_H max(0, 1 - Hb/Hb_set)): erythroferrone from stimulated erythropoiesis
    suppresses hepcidin in anaemia (Kautz 2014)."""
    return 1.0 / (1.0 + p[P.hepcidin_erythroid_suppression] * max(0.0, 1.0 - hb / hb_set))


@kernel
def ferroportin_export(mean_hepcidin, p):
    """x = 1 / (1 + hbar/K_x): share of recycled and mobilised iron exported to plasma;
    hepcidin internalises ferroportin (Nemeth 2004; Ganz 2011)."""
    return 1.0 / (1.0 + mean_hepcidin * p[P.kx_inv])


@kernel
def tsat_restriction(tsat, p):
    """min(1, TSAT/(TSAT + K_T) (T_n + K_T)/T_n): iron-restricted erythropoiesis as TSAT falls
    below ~16 % (Bainton & Finch 1964; Finch 1982)."""
    k_t = p[P.tsat_half_erythropoiesis_pct]
    t_n = p[P.tsat_normal_pct]
    return min(1.0, (tsat / (tsat + k_t)) * ((t_n + k_t) / t_n))


@kernel
def sweat_iron_mg(d, body_surface_m2, p):
    """Sweat iron (mg) = BSA sum_sessions [min(h, 1) r_1 + max(h - 1, 0) r_2]: 0.06 mg/m2/h in the
    first hour, 0.042 after (DeRuisseau 2002; Waller & Haymes 1996)."""
    sweat = 0.0
    for slot in range(MAX_SESSIONS):
        hours = d[SESSION0 + slot * SESSION_STRIDE + 1] / 60.0
        first = min(hours, 1.0)
        sweat += first * p[P.sweat_first_hour_mg_m2_h] + (hours - first) * p[P.sweat_later_mg_m2_h]
    return sweat * body_surface_m2


@kernel
def gi_iron_mg(endurance_au, hb_g_l, p):
    """GI blood iron (mg) = g_GI L_end [Hb]/Hb_ref: occult GI bleeding with heavy running (fecal Hb
    up ~4x after races; Stewart 1984; Robertson 1987), a volume of blood that carries iron at the
    athlete's current [Hb] (:func:`blood_hb_share`)."""
    return p[P.gi_loss_mg_per_au] * endurance_au * blood_hb_share(hb_g_l, p)


@kernel
def haemolysis_hb_g(endurance_au, p):
    """Haemolysed Hb (g) = g_H L_end: foot-strike haemolysis (Telford 2003); its iron is recycled
    except a urinary share f_u."""
    return p[P.haemolysis_hb_g_per_au] * endurance_au


@kernel
def menstrual_iron_mg(x, hb_g_l, p):
    """Menstrual iron (mg/d) = m_i [Hb]/Hb_ref: the athlete's trait m_i, log-normal across women
    (median ~0.49, log SD ~0.8), fixed within a woman (Hallberg 1966; IOM 2001), is the iron of her
    blood loss at the reference [Hb]; the blood volume is hers whatever her Hb, so its iron follows
    her current [Hb] (:func:`blood_hb_share`)."""
    return x[V.menstrual_iron_loss_mg_d] * x[T.menstruating] * blood_hb_share(hb_g_l, p)


@kernel
def blood_hb_share(hb_g_l, p):
    """Iron in a blood loss relative to the same volume at the reference concentration:
    [Hb]/Hb_ref (dimensionless). Losses of blood are measured as volumes (alkaline haematin) and
    converted to iron at Hb_ref = 135 g/L (IOM 2001 for Hallberg 1966's women; iron 3.39 mg/g Hb),
    and "blood loss does not change with mild anaemia" (IOM 2001), so an anaemic athlete loses the
    same volume with less iron in it. Mass balance, not a regulation: without it, losses above the
    most the gut absorbs drain Hb without limit."""
    return hb_g_l / p[P.blood_loss_reference_hb_g_l]


@kernel
def tissue_iron_adaptation(ferritin, p):
    """A = 1 - a max(0, 1 - F/F_t): iron deficiency without anaemia (ferritin < ~16-20 ug/L)
    halves the VO2max gain of aerobic training (Brownlie 2002; Hinton 2000)."""
    return 1.0 - p[P.tissue_iron_adaptation_loss] * max(0.0, 1.0 - ferritin / p[P.tissue_iron_ferritin_ug_l])


K = MECHANISMS.declare(
    NAME,
    [
        Mechanism("hepcidin_absorption", NAME, "hepcidin", "non-heme iron absorption", -1, "established",
                  ("ganz2011", "moretti2015", "galetti2021"), "hepcidin at the clock time of an intake event cuts its absorption",
                  hepcidin_absorption_factor, parameters=("absorption_hepcidin_nmol_l",)),
        Mechanism("hepcidin_absorption_lag", NAME, "acute hepcidin (dose, exercise)", "non-heme iron absorption (timing)", 1,
                  "supported", ("nemeth2004", "laftah2004", "moretti2015", "barney2022"),
                  "an acute hepcidin rise cuts absorption only as ferroportin is internalised, hours later, and the cut outlasts it",
                  enterocyte_hepcidin, parameters=("ferroportin_lag_half_life_h",)),
        Mechanism("iron_store_absorption", NAME, "iron stores", "iron absorption", -1, "established",
                  ("bezwoda1979", "galetti2021", "hallberg1997"), "low ferritin up-regulates non-heme and heme absorption",
                  store_absorption_factor, parameters=("store_upregulation", "store_upregulation_ferritin_ug_l", "heme_fia_deplete", "heme_fia_replete")),
        Mechanism("vitc_nonheme_absorption", NAME, "vitamin C (with the event)", "non-heme iron absorption", 1, "established",
                  ("cook1977", "hallberg1989", "cook2001", "brise1962"),
                  "ascorbate taken with iron enhances non-heme absorption: strongly in a single meal, little in a whole diet or with a ferrous-salt dose",
                  vitc_enhancement, parameters=("vitc_max_enhancement", "vitc_half_mg", "complete_diet_modifier_weight", "dose_vitc_weight")),
        Mechanism("calcium_nonheme_inhibition", NAME, "calcium (with the event)", "non-heme iron absorption", -1, "supported",
                  ("hallberg1991", "reddy1997"), "calcium taken with iron inhibits its absorption (single meals; small in whole diets)",
                  calcium_inhibition, parameters=("calcium_max_inhibition", "calcium_half_mg")),
        Mechanism("polyphenol_nonheme_inhibition", NAME, "polyphenols (tea, coffee with the event)", "non-heme iron absorption", -1,
                  "established", ("hurrell1999",), "polyphenol-rich drinks taken with iron inhibit its absorption",
                  polyphenol_inhibition, parameters=("polyphenol_max_inhibition", "polyphenol_half_mg")),
        Mechanism("polyphenol_binding_capacity", NAME, "iron amount (with the event)", "polyphenol inhibition of non-heme absorption", -1,
                  "supported", ("disler1975b", "disler1975", "brune1989", "kogirima2001"),
                  "polyphenols block iron by binding it, so a large iron dose exceeds their binding capacity and loses a smaller share",
                  polyphenol_inhibition, parameters=("polyphenol_iron_binding_mg_per_mg",)),
        Mechanism("phytate_nonheme_inhibition", NAME, "phytate (stated with a test meal)", "non-heme iron absorption", -1,
                  "established", ("hallberg1989", "hurrell2010"), "phytic acid in a meal inhibits its non-heme iron absorption, dose-dependently",
                  phytate_inhibition, parameters=("phytate_max_inhibition", "phytate_half_mg")),
        Mechanism("exercise_il6_hepcidin", NAME, "exercise (IL-6)", "hepcidin", 1, "established",
                  ("peeling2009", "peeling2014", "fischer2006"), "a session raises IL-6, which raises hepcidin 3-6 h later",
                  exercise_il6_impulse, parameters=("il6_per_hour_pg_ml", "il6_intensity_exponent", "hepcidin_per_il6")),
        Mechanism("exercise_hepcidin_store_blunting", NAME, "iron stores", "exercise hepcidin response", 1, "supported",
                  ("peeling2014",), "the post-exercise hepcidin rise is absent when ferritin < 30 ug/L",
                  exercise_store_permission, parameters=("exercise_ferritin_half_ug_l",)),
        Mechanism("iron_dose_hepcidin", NAME, "absorbed iron (dose)", "hepcidin", 1, "established",
                  ("moretti2015", "stoffel2017"), "an iron dose >= 60 mg raises hepcidin for ~24 h, cutting next-day absorption",
                  dose_hepcidin_impulse, parameters=("hepcidin_per_signal", "signal_half_absorbed_mg", "fe_signal_half_life_h")),
        Mechanism("hepcidin_circadian", NAME, "clock time", "hepcidin", 1, "supported",
                  ("troutt2012", "ganz2008"), "hepcidin is lowest in the early morning and rises through the day",
                  hepcidin.circadian_shape, parameters=("circadian_amplitude", "circadian_trough_h")),
        Mechanism("store_hepcidin", NAME, "iron stores (ferritin)", "hepcidin", 1, "established",
                  ("galesloot2011", "galetti2021"), "hepcidin rises with ferritin (log-log slope ~0.8, no plateau)",
                  store_hepcidin, parameters=("hepcidin_ref_nmol_l", "hepcidin_ferritin_slope")),
        Mechanism("erythropoietic_hepcidin_suppression", NAME, "erythropoietic drive (low Hb)", "hepcidin", -1, "supported",
                  ("kautz2014",), "anaemia-driven erythropoiesis suppresses hepcidin (erythroferrone)",
                  erythroid_hepcidin_factor, parameters=("hepcidin_erythroid_suppression",)),
        Mechanism("hepcidin_ferroportin_export", NAME, "hepcidin", "iron recycling and store release", -1, "established",
                  ("nemeth2004", "ganz2011"), "hepcidin traps recycled and stored iron in macrophages and hepatocytes",
                  ferroportin_export, parameters=("export_hepcidin_nmol_l",)),
        Mechanism("tsat_erythropoiesis", NAME, "transferrin saturation", "erythropoiesis", 1, "established",
                  ("bainton1964", "finch1982"), "red-cell production is iron-restricted when TSAT falls below ~16 %",
                  tsat_restriction, parameters=("tsat_half_erythropoiesis_pct",)),
        Mechanism("hb_mass_o2_delivery", NAME, "Hb mass", "O2 delivery / VO2max", 1, "established",
                  ("schmidt2010", "otto2013"), "more Hb mass, more O2 delivery and VO2max",
                  hb_o2_delivery, parameters=("vo2max_ml_min_per_g_hb",)),
        Mechanism("iron_deficiency_endurance_adaptation", NAME, "iron stores (tissue iron)", "endurance adaptation", 1, "supported",
                  ("brownlie2002", "hinton2000"), "iron deficiency without anaemia blunts the VO2max response to training",
                  tissue_iron_adaptation, parameters=("tissue_iron_ferritin_ug_l", "tissue_iron_adaptation_loss")),
        Mechanism("sweat_iron_loss", NAME, "training (sweat)", "iron loss", -1, "established",
                  ("deruisseau2002", "waller1996"), "sweat iron ~0.06 mg/m2/h in the first hour, ~0.04 after",
                  sweat_iron_mg, parameters=("sweat_first_hour_mg_m2_h", "sweat_later_mg_m2_h")),
        Mechanism("gi_iron_loss", NAME, "endurance running", "iron loss (GI blood)", -1, "supported",
                  ("stewart1984", "robertson1987"), "heavy running raises occult GI blood loss",
                  gi_iron_mg, parameters=("gi_loss_mg_per_au", "blood_loss_reference_hb_g_l")),
        Mechanism("footstrike_haemolysis", NAME, "endurance running", "red-cell destruction", -1, "supported",
                  ("telford2003",), "foot-strike haemolysis destroys red cells; a share of their iron is lost in urine",
                  haemolysis_hb_g, parameters=("haemolysis_hb_g_per_au", "haemolysis_urinary_fraction")),
        Mechanism("menstrual_iron_loss", NAME, "menstruation", "iron loss (blood)", -1, "established",
                  ("hallberg1966", "iom2001"), "menstrual blood loss, right-skewed across women, stable within a woman",
                  menstrual_iron_mg, parameters=("menstrual_median_mg_d", "menstrual_log_sd", "blood_loss_reference_hb_g_l")),
        Mechanism("vitc_exercise_hepcidin", NAME, "vitamin C", "exercise hepcidin response", -1, "contradicted",
                  ("dzik2023_unverified", "diaz2015"),
                  "review claim that vitamin C blunts the post-exercise hepcidin rise; a controlled trial found no effect",
                  vitc_exercise_factor, parameters=("vitc_exercise_hepcidin_attenuation", "vitc_exercise_half_mg")),
    ],
)
