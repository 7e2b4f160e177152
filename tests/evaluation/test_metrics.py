import pytest

from analyzer.evaluation.metrics import Outcome, score
from analyzer.rules.schema import Status

C, P, M, NA, EXT = Status.COVERED, Status.PARTIAL, Status.MISSING, Status.NOT_APPLICABLE, Status.EXTERNAL


def o(pred, *acceptable):
    return Outcome("d", "r", f"t{id(acceptable)}", pred, list(acceptable))


@pytest.mark.parametrize(
    ("outcomes", "accuracy", "false_assurance", "gap_p", "gap_r"),
    [
        ([o(C, C), o(M, M)], 1.0, 0.0, 1.0, 1.0),
        ([o(C, M), o(M, M)], 0.5, 0.5, 1.0, 0.5),  # covered where silent: false assurance, missed gap
        ([o(M, C), o(C, C)], 0.5, 0.0, 0.0, 1.0),  # a false gap: precision drops
        ([o(P, P, C), o(C, P, C)], 1.0, 0.0, 1.0, 1.0),  # either reading accepted
        ([o(C, P), o(P, P)], 0.5, 0.5, 1.0, 0.5),
        ([o(EXT, EXT), o(C, C)], 1.0, 0.0, 1.0, 1.0),  # external topics are not scored
        ([o(NA, NA), o(C, NA)], 0.5, 0.5, 1.0, 1.0),
    ],
)
def test_scores(outcomes, accuracy, false_assurance, gap_p, gap_r):
    s = score(outcomes)
    assert s.accuracy == pytest.approx(accuracy)
    assert s.false_assurance == pytest.approx(false_assurance)
    assert s.gap_precision == pytest.approx(gap_p)
    assert s.gap_recall == pytest.approx(gap_r)
