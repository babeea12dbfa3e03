def test_pages(world, login):
    c = login(world.users["lead"])
    for url in [
        "/mapping/",
        "/mapping/sandbox/",
        "/mapping/cycles/",
        "/mapping/partnerships/",
        f"/mapping/la/north-testshire/cycles/{world.cycle.pk}/",
        f"/mapping/returns/{world.mapping_return.pk}/",
        f"/mapping/returns/{world.mapping_return.pk}/finance/",
        f"/mapping/returns/{world.mapping_return.pk}/service_details/",
        f"/mapping/returns/{world.mapping_return.pk}/assign/",
        f"/mapping/returns/{world.mapping_return.pk}/history/",
        f"/mapping/la/north-testshire/cycles/{world.cycle.pk}/services/",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
    c = login(world.users["national_admin"])
    for url in [
        "/mapping/import/",
        "/mapping/cycles/new/",
        f"/mapping/cycles/{world.cycle.pk}/edit/",
    ]:
        assert c.get(url).status_code == 200
