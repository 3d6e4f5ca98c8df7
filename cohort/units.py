"""Unit conversions, applied once at the config boundary and in reports.

Constants
---------
1 ug vitamin D3 = 40 IU; 1 ng/mL 25(OH)D = 2.496 nmol/L; serum Mg mmol/L x 2.43 = mg/dL;
Hb g/dL x 10 = g/L; ferritin ug/L = ng/mL. Sources: calibration_targets.md unit conventions.
"""

from __future__ import annotations

IU_PER_UG_VITAMIN_D = 40.0
NMOL_L_PER_NG_ML_25OHD = 2.496
MG_DL_PER_MMOL_L_MG = 2.43
G_L_PER_G_DL = 10.0
# Vitamin E: 1 IU natural RRR-alpha-tocopherol = 0.67 mg; 1 IU synthetic all-rac = 0.45 mg (IOM 2000).
MG_PER_IU_VITAMIN_E_NATURAL = 0.67
MG_PER_IU_VITAMIN_E_SYNTHETIC = 0.45


def vitamin_d_iu_to_ug(iu: float) -> float:
    return iu / IU_PER_UG_VITAMIN_D


def vitamin_d_ug_to_iu(ug: float) -> float:
    return ug * IU_PER_UG_VITAMIN_D


def vitd_ng_ml_to_nmol_l(ng_ml: float) -> float:
    return ng_ml * NMOL_L_PER_NG_ML_25OHD


def vitd_nmol_l_to_ng_ml(nmol_l: float) -> float:
    return nmol_l / NMOL_L_PER_NG_ML_25OHD


def magnesium_mmol_l_to_mg_dl(mmol_l: float) -> float:
    return mmol_l * MG_DL_PER_MMOL_L_MG


def magnesium_mg_dl_to_mmol_l(mg_dl: float) -> float:
    return mg_dl / MG_DL_PER_MMOL_L_MG


def hemoglobin_g_dl_to_g_l(g_dl: float) -> float:
    return g_dl * G_L_PER_G_DL


def hemoglobin_g_l_to_g_dl(g_l: float) -> float:
    return g_l / G_L_PER_G_DL


def vitamin_e_iu_to_mg(iu: float, natural: bool = True) -> float:
    return iu * (MG_PER_IU_VITAMIN_E_NATURAL if natural else MG_PER_IU_VITAMIN_E_SYNTHETIC)
