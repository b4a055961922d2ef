"""Validates OSCAL assessment-results files with compliance-trestle's OSCAL models (pydantic),
and checks what auditors rely on: every finding's observations exist, and no requirement whose
evidence was missing is reported satisfied."""

import json
import sys

from trestle.oscal.assessment_results import AssessmentResults


def check(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    model = AssessmentResults.model_validate(document["assessment-results"])
    result = model.results[0]
    observations = {str(o.uuid) for o in result.observations or []}
    findings = result.findings or []
    for finding in findings:
        for related in finding.related_observations or []:
            assert str(related.observation_uuid) in observations, f"{path}: dangling observation"
        state = finding.target.status.state
        reason = finding.target.status.reason
        posture = [p.value for p in finding.props or [] if p.name == "posture-status"]
        if posture and posture[0] in ("not_assessed", "manual"):
            assert state.value == "not-satisfied" and str(getattr(reason, "value", reason)) == "other", finding.title
    return f"{path}: valid OSCAL assessment-results, {len(observations)} observations, {len(findings)} findings"


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(check(path))
