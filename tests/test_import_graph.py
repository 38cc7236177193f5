"""The house has no circles: no module of vidstudio imports, through any chain, a module that
imports it back — counting imports inside functions and under TYPE_CHECKING, which the
layer contracts of import-linter do not see as cycles."""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    found.append(sorted(group))
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.d")
    graph.add_import(importer="a.d", imported="a.b")
    assert _circles(graph) == [["a.b", "a.c", "a.d"]]


def test_no_module_of_vidstudio_is_in_an_import_circle() -> None:
    graph = grimp.build_graph("vidstudio", include_external_packages=False)
    assert "vidstudio.jobs.session" in graph.find_modules_directly_imported_by(
        "vidstudio.jobs.render"), "the graph must see ordinary imports"
    assert _circles(graph) == []


def test_the_pipeline_reaches_the_session_by_no_chain() -> None:
    graph = grimp.build_graph("vidstudio", include_external_packages=False)
    for module in ("vidstudio.jobs.pipeline", "vidstudio.jobs.steps", "vidstudio.jobs.port"):
        chain = graph.find_shortest_chain(importer=module, imported="vidstudio.jobs.session")
        assert chain is None, f"{module} reaches the session: {' -> '.join(chain or ())}"
