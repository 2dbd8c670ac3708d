"""The search index: recall equals a substring scan, 简繁 equivalence, ranking, sizes, the file format."""

from __future__ import annotations

import json
import pathlib
import random
import re
import sys

import pytest
from gongkai.search import SearchDoc, build_search_index, normalise
from gongkai.search.build import SHARD_TARGET_BYTES, build_postings, indexed_text, read_ahead
from gongkai.search.normalise import browser_map
from gongkai.search.postings import decode_shard, encode_shard, read_varint, shard_of, varint
from gongkai.search.query import IndexReader, cover
from gongkai.search.segment import make_tokenizer

# Sentences in both scripts, with words that hide inside others (基地 in 宅基地, 低保 in 低保户).
SENTENCES = [
    "本村宅基地审批结果公示，涉及农户三户。", "村集体实训基地建设项目已经验收。",
    "第三季度低保户名单及发放标准如下。", "財務收支情況經村務監督委員會審核。",
    "财务收支情况经村务监督委员会审核。", "四议两公开：村党组织提议，村两委商议。",
    "土地征收補償標準按省政府規定執行。", "村道硬化工程招投标结果：中标单位为某建设公司。",
    "党员大会审议通过了决议。", "路灯安装工程资金使用情况。", "本期结余 12,345.67 元，合计收入 2026 元。",
    "2026-Q3 一般村务办理情况。", "電子政務平台建設進展順利。", "Ｑ３季度ＡＢＣ项目进展（全角字母）。",
    "监督电话：029-84561234。", "集體資產與債權債務清查結果。", "村民代表会议决议：同意文化广场建设。",
    "医疗救助和临时救助发放对象名单。", "个人信息已去标识化处理：610113********1234。",
    "新农村建设示范基地揭牌。",
]
UNITS = [("yuhuazhai", "鱼化寨村", ("yanta", "yuhua", "yuhuazhai")),
         ("nanjiang", "南江村", ("yanta", "yuhua", "nanjiang")),
         ("yuhua", "鱼化寨街道办事处", ("yanta", "yuhua")),
         ("minzheng", "雁塔区民政局", ("yanta", "minzheng"))]
CATEGORIES = [("finance", "财务收支", "periodic"), ("relief", "低保与救助补贴发放", "periodic"),
              ("decision", "重大事项决议", "immediate"), ("profile", "村情概况", "standing")]

QUERIES = [
    "宅基地", "基地", "低保", "低保户", "财务收支", "財務收支", "村務監督委員會", "四议两公开", "补偿标准",
    "補償標準", "电子政务", "审", "村", "12,345.67", "2026-q3", "q3", "ABC", "ＡＢＣ", "029-84561234",
    "基地 建设", "集体资产", "救助 名单", "没有这个词", "结余",
]


def make_docs(count: int, seed: int = 7) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        unit, unit_name, path = rng.choice(UNITS)
        category, category_name, kind = rng.choice(CATEGORIES)
        month = rng.randint(1, 12)
        body = "\n\n".join(rng.sample(SENTENCES, rng.randint(1, 6)))
        docs.append(SearchDoc(
            url=f"{unit}/2026/item-{i}/", title=f"{unit_name}2026年{month}月{category_name}", unit=unit,
            unit_name=unit_name, units_path=path, category=category, category_name=category_name, type=kind,
            date=f"2026-{month:02d}-{rng.randint(1, 28):02d}",
            period=f"2026-{month:02d}" if kind == "periodic" else None,
            status=rng.choice(["active"] * 8 + ["withdrawn", "superseded"]), text=body))
    return docs


def scan(docs: list[SearchDoc], query: str) -> set[str]:
    """The reference: items whose normalised text contains every whitespace-separated term."""
    terms = normalise(query).split()
    return {d.url for d in docs if all(t in normalise(indexed_text(d)) for t in terms)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[SearchDoc], pathlib.Path, dict]:
    docs = make_docs(300)
    out = tmp_path_factory.mktemp("search")
    stats = build_search_index(docs, out, user_terms=["鱼化寨村", "财务收支", "四议两公开"])
    return docs, out, stats


def found(out: pathlib.Path, query: str) -> list[str]:
    reader = IndexReader(out)
    return [reader.item(n)["u"] for n in reader.search(query)]


# --- recall -------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", QUERIES)
def test_recall_equals_substring_scan(corpus, query: str) -> None:
    docs, out, _ = corpus
    results = found(out, query)
    assert len(results) == len(set(results))
    assert set(results) == scan(docs, query)


def test_queries_find_something(corpus) -> None:
    docs, _, _ = corpus
    assert sum(bool(scan(docs, q)) for q in QUERIES) >= len(QUERIES) - 1  # only 没有这个词 finds nothing


def test_substring_inside_a_word(corpus) -> None:
    docs, out, _ = corpus
    inside = {d.url for d in docs
              if "宅基地" in d.text and "实训基地" not in d.text and "示范基地" not in d.text}
    assert inside and inside <= set(found(out, "基地"))


def test_traditional_and_simplified_find_the_same(corpus) -> None:
    _, out, _ = corpus
    pairs = [("财务收支", "財務收支"), ("补偿标准", "補償標準"), ("电子政务", "電子政務"),
             ("集体资产", "集體資產")]
    for simplified, traditional in pairs:
        assert set(found(out, simplified)) == set(found(out, traditional)) != set()


def test_every_ngram_of_every_item_is_found(tmp_path: pathlib.Path) -> None:
    """Exhaustive on a small corpus: every substring of length 1-5 of every item finds exactly the scan."""
    docs = make_docs(25, seed=3)
    build_search_index(docs, tmp_path)
    reader = IndexReader(tmp_path)
    urls = [reader.item(n)["u"] for n in range(len(docs))]
    texts = {d.url: normalise(indexed_text(d)) for d in docs}
    queries = {t[i:i + n] for t in texts.values() for n in range(1, 6) for i in range(0, len(t) - n, 7)}
    queries = {q for q in queries if q.strip() == q and not re.search(r"\s", q)}
    assert len(queries) > 300
    for q in sorted(queries):
        expected = {u for u, t in texts.items() if q in t}
        assert {urls[n] for n in reader.search(q)} == expected, q


# --- ranking ------------------------------------------------------------------------------------

def doc(url: str, text: str, date: str = "2026-01-01", title: str = "事项") -> SearchDoc:
    return SearchDoc(url=url, title=title, unit="u", unit_name="某村", units_path=("u",), category="c",
                     category_name="类别", type="immediate", date=date, period=None, status="active",
                     text=text)


def test_whole_word_matches_rank_first(tmp_path: pathlib.Path) -> None:
    docs = [doc("newer-inside/", "本村宅基地审批结果公示。", date="2026-09-01"),
            doc("older-word/", "新农村建设示范基地揭牌。", date="2026-01-01")]
    build_search_index(docs, tmp_path)
    assert found(tmp_path, "基地") == ["older-word/", "newer-inside/"]
    assert found(tmp_path, "宅基地") == ["newer-inside/"]


def test_newer_first_among_equals_and_title_matches_before_body(tmp_path: pathlib.Path) -> None:
    docs = [doc("a/", "低保发放。", date="2026-03-01"), doc("b/", "低保发放。", date="2026-05-01"),
            doc("c/", "其他内容。", date="2026-01-01", title="低保名单")]
    build_search_index(docs, tmp_path)
    assert found(tmp_path, "低保") == ["c/", "b/", "a/"]


def test_user_terms_stay_whole() -> None:
    _, plain = make_tokenizer()
    _, site = make_tokenizer(["鱼化寨村", "四议两公开"])
    text = "鱼化寨村落实四议两公开制度"
    assert "四议两公开" not in [w for w, _s, _e in plain(text)]
    assert {"鱼化寨村", "四议两公开"} <= {w for w, _s, _e in site(text)}


def test_jieba_is_used_without_rjieba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import rjieba now raises ImportError
    engine, tokenize = make_tokenizer(["鱼化寨村"])
    assert engine == "jieba"
    assert [w for w, _s, _e in tokenize("鱼化寨村宅基地")] == ["鱼化寨村", "宅基地"]
    assert tokenize("鱼化寨村宅基地")[1] == ("宅基地", 4, 7)


# --- normalisation ------------------------------------------------------------------------------

def test_normalise_keeps_length_and_folds_script_width_and_case() -> None:
    text = "財務收支 ＡＢＣ Q3 長　乾燥 宅基地"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "财务收支 abc q3 长 干燥 宅基地"


def test_browser_map_only_maps_into_the_vocabulary() -> None:
    pairs = browser_map("财务q")
    mapping = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert mapping["財"] == "财" and mapping["務"] == "务" and mapping["Q"] == "q" and mapping["ｑ"] == "q"
    assert "長" not in mapping and set(mapping.values()) <= set("财务q")


# --- the file format ----------------------------------------------------------------------------

def test_varints_and_shards_round_trip() -> None:
    for value in (0, 1, 127, 128, 300, 65535, 65536, 2**31 + 5):
        assert read_varint(varint(value), 0) == (value, len(varint(value)))
    entries = [("宅基", b"\x01\x02"), ("a", b""), ("𫐷x", b"\xff" * 300)]
    assert decode_shard(encode_shard(entries)) == dict(entries)
    assert cover(2) == [0] and cover(3) == [0, 1] and cover(4) == [0, 2] and cover(7) == [0, 2, 4, 5]


def test_shard_hash_is_fnv1a_over_code_points() -> None:
    # the browser computes the same values: see shardOf in gongkai-search.js
    assert shard_of("a", 1 << 32) == 0xE40C292C
    assert shard_of("基地", 1024) == shard_of("基地", 1 << 32) % 1024


def test_workers_give_the_same_postings() -> None:
    docs = make_docs(120, seed=5)
    texts = [normalise(indexed_text(d)) for d in docs]
    title_lens = [len(d.title) for d in docs]
    _, tokenize = make_tokenizer()
    serial = build_postings(texts, title_lens, tokenize, workers=1)
    assert build_postings(texts, title_lens, tokenize, workers=3) == serial


def _postings_in_a_daemon(queue) -> None:  # the preview's writers run in a daemonic process
    docs = make_docs(40, seed=7)
    texts = [normalise(indexed_text(d)) for d in docs]
    _, tokenize = make_tokenizer()
    try:
        queue.put(build_postings(texts, [len(d.title) for d in docs], tokenize, workers=3))
    except Exception as err:  # noqa: BLE001 - sent to the test
        queue.put(repr(err))


def test_a_daemonic_process_builds_the_postings_itself() -> None:
    """A daemonic process may not start workers ("daemonic processes are not allowed to have children"): it
    builds the postings alone, the same as workers would."""
    import multiprocessing
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=_postings_in_a_daemon, args=(queue,), daemon=True)
    daemon.start()
    result = queue.get(timeout=120)
    daemon.join()
    docs = make_docs(40, seed=7)
    texts = [normalise(indexed_text(d)) for d in docs]
    _, tokenize = make_tokenizer()
    assert result == build_postings(texts, [len(d.title) for d in docs], tokenize, workers=1)


def test_manifest_and_item_files(corpus) -> None:
    docs, out, stats = corpus
    manifest = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert manifest["items"] == len(docs) == stats["items"]
    assert [u[0] for u in manifest["units"]][:2] == ["yanta", "minzheng"]  # parents before children
    reader = IndexReader(out)
    dates = [reader.item(n)["d"] for n in range(len(docs))]
    assert dates == sorted(dates, reverse=True)  # item numbers are newest first
    withdrawn = {d.url for d in docs if d.status == "withdrawn"}
    statuses = manifest["statuses"]
    seen = {reader.item(n)["u"] for n in range(len(docs))
            if statuses[reader.record(n)[2] % len(statuses)] == "withdrawn"}
    assert seen == withdrawn
    item = reader.item(0)
    assert set(item) == {"u", "t", "d", "p", "n", "x"} and item["x"].startswith(item["t"] + "\n")


def test_index_holds_only_the_given_text(tmp_path: pathlib.Path) -> None:
    secret = "610113199001011234"  # a full ID number: the caller passes redacted text, so it is never here
    build_search_index([doc("a/", "身份证号 610113********1234 已脱敏。")], tmp_path)
    blob = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert secret.encode() not in blob and b"610113********1234" in blob


# --- size budget --------------------------------------------------------------------------------

def test_fetch_budget(corpus) -> None:
    """index.json grows by a few bytes per item; a query fetches index.json + a few shards."""
    docs, out, stats = corpus
    manifest = (out / "index.json").stat().st_size
    charmap = len(json.loads((out / "index.json").read_text(encoding="utf-8"))["charmap"].encode())
    assert manifest - charmap < 3_000 + 7 * len(docs)
    shards = [p.stat().st_size for p in (out / "p").glob("*.bin")]
    assert sum(shards) / stats["shards"] <= SHARD_TARGET_BYTES
    for query in QUERIES:
        reader = IndexReader(out)
        reader.search(query)
        assert reader.fetched <= 500_000


def test_shard_count_grows_with_the_corpus(tmp_path: pathlib.Path) -> None:
    small = build_search_index(make_docs(20), tmp_path / "small")
    large = build_search_index(make_docs(1200), tmp_path / "large")
    assert small["shards"] == 16 and large["shards"] > small["shards"]
    biggest = max(p.stat().st_size for p in (tmp_path / "large" / "p").glob("*.bin"))
    assert biggest < 500_000


def test_rebuild_keeps_the_search_page(tmp_path: pathlib.Path) -> None:
    (tmp_path / "index.html").write_text("<div id=gk-search></div>", encoding="utf-8")
    build_search_index(make_docs(30), tmp_path)
    build_search_index(make_docs(10), tmp_path)
    assert (tmp_path / "index.html").exists()
    assert len(list((tmp_path / "d").rglob("*.json"))) == 10


def test_long_texts_are_split_into_chunks(tmp_path: pathlib.Path) -> None:
    from gongkai.search.build import TEXT_CHUNK

    body = "".join(SENTENCES) * 40
    build_search_index([doc("long/", body, title="年度报告"), doc("short/", "低保")], tmp_path)
    reader = IndexReader(tmp_path)
    long_item = next(n for n in range(2) if reader.item(n)["u"] == "long/")
    assert len(reader.item(long_item)["x"]) == TEXT_CHUNK and reader.item(long_item)["chunks"] > 1
    assert reader.text(long_item) == "年度报告\n" + body
    assert max(p.stat().st_size for p in (tmp_path / "d").rglob("*.json")) < 4 * TEXT_CHUNK


# --- reuse between builds: month blocks -----------------------------------------------------------

class DictBlocks:
    """A BlockCache in memory; counts what it served."""

    def __init__(self) -> None:
        self.blocks: dict[str, object] = {}
        self.hits = 0

    def get(self, key: str):
        found = self.blocks.get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, block) -> None:
        self.blocks[key] = block

    def get_part(self, key: str):
        return self.get("part " + key)

    def put_part(self, key: str, part) -> None:
        self.put("part " + key, part)


def files_of(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _newest(docs: list[SearchDoc]) -> str:
    return max(docs, key=lambda d: (d.date, d.url)).url


def _retitled(doc: SearchDoc, title: str) -> SearchDoc:
    return SearchDoc(**{**doc.__dict__, "title": title})


REUSE_CHANGES = {
    "title": lambda docs: [_retitled(docs[5], docs[5].title + "（更新）")] + docs[:5] + docs[6:],
    "body": lambda docs: docs[:7] + [SearchDoc(**{**docs[7].__dict__, "text": docs[7].text + "补充宅基地说明。"})]
    + docs[8:],
    "new item": lambda docs: docs + [SearchDoc(**{**docs[0].__dict__, "url": "new/", "date": "2026-12-30",
                                                  "title": "新增的公告"})],
    "deleted item": lambda docs: docs[1:],
    "newest item retitled": lambda docs: [_retitled(d, d.title + "（更正）") if d.url == _newest(docs) else d
                                          for d in docs],
    "unit renamed": lambda docs: [SearchDoc(**{**d.__dict__, "unit_name": "新名村"}) for d in docs],
}


@pytest.mark.parametrize("change", REUSE_CHANGES, ids=list(REUSE_CHANGES))
def test_reused_blocks_give_the_bytes_of_a_clean_build(tmp_path: pathlib.Path, change: str) -> None:
    docs = make_docs(200, seed=11)
    cache = DictBlocks()
    first = build_search_index(docs, tmp_path / "first", block_cache=cache)
    assert first["blocks_indexed"] == first["blocks"] > 1
    changed = REUSE_CHANGES[change](docs)
    again = build_search_index(changed, tmp_path / "again", block_cache=cache)
    clean = build_search_index(changed, tmp_path / "clean")
    assert files_of(tmp_path / "again") == files_of(tmp_path / "clean")
    assert again["blocks_indexed"] <= 1 < again["blocks"] and clean["blocks_indexed"] == clean["blocks"]
    if change in ("new item", "newest item retitled"):  # the latest month: the join of the older ones is reused
        assert any(key.startswith("part ") for key in cache.blocks)
        assert cache.hits == again["blocks"] - 1 + 1  # every other block, and the older months' join


def test_texts_are_made_only_for_the_blocks_not_reused(tmp_path: pathlib.Path) -> None:
    docs = [SearchDoc(**{**d.__dict__, "text": "", "source": f"digest of {d.text}"}) for d in make_docs(100)]
    bodies = {d.url: t.text for d, t in zip(docs, make_docs(100), strict=True)}
    asked: list[str] = []

    def text_of(doc: SearchDoc) -> str:
        asked.append(doc.url)
        return bodies[doc.url]

    cache = DictBlocks()
    build_search_index(docs, tmp_path / "first", block_cache=cache, text_of=text_of)
    assert sorted(asked) == sorted(bodies)
    asked.clear()
    changed = [_retitled(docs[0], "改过的标题")] + docs[1:]
    build_search_index(changed, tmp_path / "again", block_cache=cache, text_of=text_of)
    month = changed[0].date[:7]
    assert asked and set(asked) == {d.url for d in docs if d.date[:7] == month}
    plain = [SearchDoc(**{**d.__dict__, "text": bodies[d.url], "source": ""}) for d in changed]
    build_search_index(plain, tmp_path / "plain")
    assert files_of(tmp_path / "again") == files_of(tmp_path / "plain")


def test_saving_one_file_again_joins_three_parts(tmp_path: pathlib.Path) -> None:
    """The clerk's loop: the same item (in an older month) saved twice; the second build reads the joins of the
    months before and after it, and still writes the bytes of a clean build."""
    docs = make_docs(200, seed=3)
    cache = DictBlocks()
    build_search_index(docs, tmp_path / "first", block_cache=cache)
    middle = sorted({d.date[:7] for d in docs})[len({d.date[:7] for d in docs}) // 2]
    target = next(d.url for d in docs if d.date[:7] == middle)
    for save in ("（一）", "（二）"):
        docs = [_retitled(d, d.title + save) if d.url == target else d for d in docs]
        cache.hits = 0
        stats = build_search_index(docs, tmp_path / save, block_cache=cache)
    assert stats["blocks_indexed"] == 1 and cache.hits == stats["blocks"] - 1 + 2
    build_search_index(docs, tmp_path / "clean")
    assert files_of(tmp_path / "（二）") == files_of(tmp_path / "clean")



class RecordingBlocks(DictBlocks):
    """A DictBlocks that remembers the keys it was asked for, and those it had."""

    def __init__(self, blocks: dict[str, object]) -> None:
        super().__init__()
        self.blocks = blocks
        self.asked: set[str] = set()
        self.found: set[str] = set()

    def get(self, key: str):
        self.asked.add(key)
        value = super().get(key)
        if value is not None:
            self.found.add(key)
        return value


def _pending(doc: SearchDoc) -> SearchDoc:
    """A doc as read_ahead sees it before its page is rendered: no text, no source."""
    return SearchDoc(**{**doc.__dict__, "text": "", "source": ""})


@pytest.mark.parametrize("change", ["older month", "newest item", "new item"])
def test_read_ahead_reads_what_the_index_will_ask(tmp_path: pathlib.Path, change: str) -> None:
    """The search index's process reads the cache while the pages render (search_output.EarlyIndex): every entry
    the index then finds was read ahead, and the one month with the changed item is all it has to make."""
    docs = make_docs(200, seed=5)
    cache = DictBlocks()
    build_search_index(docs, tmp_path / "first", block_cache=cache)
    months = sorted({d.date[:7] for d in docs})
    if change == "new item":
        target = "new/"
        docs = docs + [SearchDoc(**{**docs[0].__dict__, "url": target, "date": months[-1] + "-28",
                                    "title": "新增的公告"})]
    else:
        month = months[len(months) // 2] if change == "older month" else months[-1]
        target = next(d.url for d in docs if d.date[:7] == month)
        docs = [_retitled(d, d.title + "（改）") if d.url == target else d for d in docs]
    build_search_index(docs, tmp_path / "saved", block_cache=cache)  # the clerk saves the same item again:
    docs = [_retitled(d, d.title + "（二）") if d.url == target else d for d in docs]  # the joins are cached
    ahead = RecordingBlocks(cache.blocks)
    read_ahead([_pending(d) if d.url == target else d for d in docs], {target}, (), ahead)
    index = RecordingBlocks(cache.blocks)
    stats = build_search_index(docs, tmp_path / "again", block_cache=index)
    assert stats["blocks_indexed"] == 1 and index.found and index.found <= ahead.asked
    assert any(key.startswith("part ") for key in index.found)  # the joins around the changed month too
