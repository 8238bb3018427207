"""Case workflows as data: the engine (engine.py), the pathway tables (pathways/) and their docs."""

from .engine import (
    ActionCheck,
    Deadline,
    Document,
    IllegalTransition,
    Pathway,
    PathwayError,
    Requirement,
    Stage,
    Transition,
    TransitionRefused,
    allowed_actions,
    check,
    evaluate,
)

__all__ = [
    "ActionCheck",
    "Deadline",
    "Document",
    "IllegalTransition",
    "Pathway",
    "PathwayError",
    "Requirement",
    "Stage",
    "Transition",
    "TransitionRefused",
    "allowed_actions",
    "check",
    "evaluate",
]
