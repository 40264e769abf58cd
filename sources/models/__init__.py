"""The sources app's models: outlets, sources, people, organizations, quotes, claims."""

from sources.models.claims import (
    RATING_VALUES,
    Claim,
    ClaimAppearance,
    Evidence,
    TruthVerdict,
)
from sources.models.documents import (
    Citation,
    CitationPurpose,
    Outlet,
    OutletKind,
    Source,
    SourceKind,
    sha256_hex,
)
from sources.models.entities import (
    Affiliation,
    Alias,
    AliasKind,
    Organization,
    OrganizationKind,
    Person,
    Topic,
)
from sources.models.passages import AnchoredPassage, AnchorStatus
from sources.models.proposals import ProposalDecision, ProposalReview
from sources.models.quotes import (
    Appearance,
    AttributionVerdict,
    PrintedForm,
    Quote,
    UnanchoredReason,
)

__all__ = [
    "RATING_VALUES",
    "Affiliation",
    "Alias",
    "AliasKind",
    "AnchorStatus",
    "AnchoredPassage",
    "Appearance",
    "AttributionVerdict",
    "Citation",
    "CitationPurpose",
    "Claim",
    "ClaimAppearance",
    "Evidence",
    "Organization",
    "OrganizationKind",
    "Outlet",
    "OutletKind",
    "Person",
    "PrintedForm",
    "ProposalDecision",
    "ProposalReview",
    "Quote",
    "Source",
    "SourceKind",
    "Topic",
    "TruthVerdict",
    "UnanchoredReason",
    "sha256_hex",
]
