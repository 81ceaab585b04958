"""Two small figures shared by the eval harness and the verifier's bench: a rounded ratio and balanced accuracy.

A leaf module (it imports nothing of Copydesk), so any layer may use it.
"""

from __future__ import annotations


def ratio(num: float, den: float) -> float | None:
    """num/den rounded to 4 places, or None when there is nothing to divide by."""
    return round(num / den, 4) if den else None


def balanced_accuracy(pos_right: int, pos_total: int, neg_right: int, neg_total: int) -> float | None:
    """The mean recall of the positive and the negative side, over the sides that have items; None with neither.

    Rounded to 4 places. `pos_right` of `pos_total` positives were called positive, `neg_right` of
    `neg_total` negatives were called negative.
    """
    recalls = [right / total for right, total in ((pos_right, pos_total), (neg_right, neg_total)) if total]
    return round(sum(recalls) / len(recalls), 4) if recalls else None
