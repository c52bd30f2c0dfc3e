"""Compliance audit of a municipal routine against a requirement set in the kb (issue #6).

    from veiviser.compliance import Auditor
    report = Auditor(settings).audit_file(Path("rutine.pdf"))
    report.summary()          # {"covered": 9, "partial": 3, "missing": 2}
    report.as_dict()          # JSON: file, requirements [{id, status, evidence, missing, basis}], summary

Exports: `veiviser.compliance.export.render_audit(report, "docx" | "pdf" | "md" | "csv")`.
Labelled evaluation: `veiviser.compliance.evaluation.evaluate_labels(auditor, labels_yaml)`.
"""

from veiviser.compliance.engine import DEFAULT_REQUIREMENT_SET, AuditError, Auditor
from veiviser.compliance.matching import COVERED, MISSING, PARTIAL, STATUSES, MatchThresholds
from veiviser.compliance.report import AuditReport, Basis, EvidenceQuote, RequirementResult

__all__ = [
    "COVERED",
    "DEFAULT_REQUIREMENT_SET",
    "MISSING",
    "PARTIAL",
    "STATUSES",
    "AuditError",
    "AuditReport",
    "Auditor",
    "Basis",
    "EvidenceQuote",
    "MatchThresholds",
    "RequirementResult",
]
