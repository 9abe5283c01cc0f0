def test_visitor_finds_shiranuka_in_the_directory(journey, transactional_db, full_register):
    page = journey.goto("/")
    page = journey.follow(
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="自治体")
    )
    assert page.get_by_role("heading", level=1).inner_text() == "自治体一覧"

    page.get_by_label("キーワード").fill("白糠")
    journey.follow(page.get_by_role("button", name="絞り込む"))
    assert "q=" in page.url

    journey.follow(page.get_by_role("link", name="白糠町"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("白糠町")
    assert page.get_by_text("016683").is_visible()
