"""Seeded Louvain communities."""

from __future__ import annotations

import networkx as nx

from community.network.communities import detect_communities

from ._city import small_city_graph


def test_same_seed_same_communities_different_seed_may_differ():
    G = small_city_graph()

    a = detect_communities(G, seed=11)
    b = detect_communities(G, seed=11)

    assert a.membership == b.membership
    assert a.to_dict() == b.to_dict()
    assert a.modularity > 0.5
    assert [c.id for c in a.communities] == sorted(c.id for c in a.communities)
    sizes = [c.size for c in a.communities]
    assert sizes == sorted(sizes, reverse=True)


def test_input_order_does_not_matter():
    G = nx.karate_club_graph()
    H = nx.Graph()
    H.add_nodes_from(reversed(list(G)))
    H.add_edges_from(reversed(list(G.edges(data=True))))

    assert detect_communities(G, seed=2).membership == detect_communities(H, seed=2).membership


def test_global_random_state_is_left_alone():
    import random

    random.seed(5)
    expected = random.random()
    random.seed(5)
    detect_communities(nx.karate_club_graph(), seed=1)

    assert random.random() == expected


def test_summary_names_communities_after_their_wards():
    G = nx.Graph()
    for i in range(4):
        G.add_node(
            f"group:{i}",
            kind="group",
            label=f"G{i}",
            areas=frozenset({"N"} if i < 2 else {"S"}),
            categories=frozenset({"food"}),
        )
    G.add_edges_from([("group:0", "group:1"), ("group:2", "group:3")])

    result = detect_communities(G, area_names={"N": "Northolt", "S": "Southall"})

    assert sorted(c.label for c in result.communities) == ["Northolt", "Southall"]
    assert all(c.groups == 2 and c.internal_ties == 1 for c in result.communities)
