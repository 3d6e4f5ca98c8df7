"""In-silico trials: enrolment by screened status, the participant flow, and real-trial
emulation for power.

An experiment compares arms on the same simulated athletes (common random numbers), which
gives the paired, counterfactual effect no real trial can see. This subpackage adds what a
real trial has:

``criteria``   inclusion/exclusion criteria (``"ferritin_ug_l < 30"``), parsed by a small
               safe grammar (variable, comparison, literal; nothing is evaluated).
``enrolment``  the experiment's ``enrolment:`` section; screening on baseline labs drawn
               through the observation layer (assay error) and on traits; the enrolled set,
               identical in every arm.
``flow``       the participant flow (screened, excluded per criterion, enrolled, allocated,
               completed, adherent): ``flow.csv`` and a CONSORT-style diagram.
``emulation``  parallel-group trials resampled from the enrolled athletes (each athlete in one
               arm only), outcomes measured with assay / test-retest error, dropout, and the
               analysis a trial statistician would run (ANCOVA or change scores), vectorised.
``power``      power, minimal detectable effect, estimate distributions, the paired in-silico
               effect beside them, and an analytic (noncentral t) check.

It sits beside the experiment machinery, never inside the physiology (DESIGN.md section 11).
"""
