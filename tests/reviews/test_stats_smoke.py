async def test_stats_answer_with_nothing_rated(client):
    response = await client.get("/api/reviews/stats", params={"group_by": "item"})
    assert response.status == 200, await response.text()
