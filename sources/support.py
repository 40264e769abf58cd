"""A claim's support counted by independent origins, described in words a reader can check.

Works on printings already fetched (claim appearances with their `source` and `via`), so the
claim page costs no extra query. The counting itself is sources.provenance.origins().
"""

from dataclasses import dataclass, field

from sources.provenance import origin_of, origins


@dataclass
class Origin:
    """Where one line of printings starts: a source the desk holds, or one a printing names."""

    source: object  # the Source the printings trace back to
    printings: list = field(default_factory=list)
    cited_as: str = ""  # how a printing names the origin, when it is not one of the printings

    @property
    def is_printing(self) -> bool:
        """Whether the origin is itself one of the sources asserting the claim."""
        return any(printing.source_id == self.source.pk for printing in self.printings)

    @property
    def name(self) -> str:
        """A short name: “the AFP wire”, “The Guardian”, or how a source cites it."""
        if not self.source.is_public:
            return f"a source cited as “{self.cited_as}”" if self.cited_as else "an earlier source"
        outlet = self.source.outlet if self.source.outlet_id else None
        if outlet is None or not outlet.is_public:
            return f"“{self.source.title}”"
        if self.source.kind == "wire":
            return f"the {outlet.name} wire"
        return outlet.name


@dataclass
class Support:
    """The published printings of a claim, grouped by the origin each traces back to."""

    printings: list
    origins: list[Origin]

    @property
    def source_count(self) -> int:
        return len({printing.source_id for printing in self.printings})

    @property
    def summary(self) -> str:
        """“2 sources, 1 independent origin: both repeat the AFP wire.”"""
        sources, count = self.source_count, len(self.origins)
        if not sources:
            return "No published source asserts this claim yet."
        counted = (
            f"{sources} source{'s' if sources != 1 else ''}, "
            f"{count} independent origin{'s' if count != 1 else ''}"
        )
        if sources == 1:
            return f"{counted}."
        if count == sources:
            return (
                f"{counted}: {'neither cites the other' if sources == 2 else 'none cites another'}."
            )
        if count == 1:
            origin = self.origins[0]
            if origin.is_printing:
                repeaters = "the other repeats" if sources == 2 else "the others repeat"
                return f"{counted}: {repeaters} {origin.name}."
            return f"{counted}: {'both' if sources == 2 else 'all'} repeat {origin.name}."
        return f"{counted}."


def support(printings) -> Support:
    """Group a claim's printings (with `source` and `via` fetched) by their independent origin."""
    printings = list(printings)
    pairs = [(printing.source_id, printing.via_id) for printing in printings]
    # As origins() reads the pairs: a stated origin wins over none for a source printed twice.
    via_of: dict = {}
    for source_id, via_id in pairs:
        if via_of.get(source_id) is None:
            via_of[source_id] = via_id
    known = {printing.via_id: printing.via for printing in printings if printing.via_id}
    known.update({printing.source_id: printing.source for printing in printings})
    found = {origin_id: Origin(source=known[origin_id]) for origin_id in origins(pairs)}
    for printing in printings:
        origin = found[origin_of(printing.source_id, via_of)]
        origin.printings.append(printing)
        if printing.via_id == origin.source.pk and not origin.cited_as:
            origin.cited_as = printing.via_as_printed
    # In the order their first printing appeared.
    ordered = sorted(found.values(), key=lambda origin: printings.index(origin.printings[0]))
    return Support(printings=printings, origins=ordered)
