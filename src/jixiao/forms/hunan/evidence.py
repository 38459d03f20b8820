"""Evidence that a table is Hunan's: its layout is the national one, so only what it names can tell.

Hunan prints the national 项目支出/整体支出绩效自评表 (seed 000); so do most provinces. A table is taken
as Hunan's form (and scored under Hunan's pack) only when its title or its header cells (项目名称,
主管部门, 实施单位, 单位名称) name the province, one of its places, or a Hunan finance document mark
(湘财绩〔2023〕…); otherwise it is the national form, read by the generic reader.

Places are written with their suffix (岳阳市, 零陵区, 衡山县): a bare two-character name (南县, 道县)
is part of too many other words. The list is the province's administrative divisions (prefectures and
counties, 2023); a name shared with a place of another province (永定区, also in Fujian) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# 14 prefecture-level divisions, with their suffix as written on forms.
_PREFECTURES = (
    "长沙市",
    "株洲市",
    "湘潭市",
    "衡阳市",
    "邵阳市",
    "岳阳市",
    "常德市",
    "张家界市",
    "益阳市",
    "郴州市",
    "永州市",
    "怀化市",
    "娄底市",
    "湘西州",
    "湘西土家族苗族自治州",
)

# County-level divisions by prefecture. Left out: 永定区 (also Fujian's), bare 南县 and 道县 (kept
# only after their prefecture, below).
_COUNTIES = (
    # 长沙
    "芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县", "浏阳市", "宁乡市", "宁乡县",
    # 株洲
    "荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "株洲县", "攸县", "茶陵县", "炎陵县", "醴陵市",
    # 湘潭
    "雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市",
    # 衡阳
    "珠晖区", "雁峰区", "石鼓区", "蒸湘区", "南岳区", "衡阳县", "衡南县", "衡山县", "衡东县", "祁东县",
    "耒阳市", "常宁市",
    # 邵阳
    "双清区", "大祥区", "北塔区", "邵东市", "邵东县", "新邵县", "邵阳县", "隆回县", "洞口县", "绥宁县",
    "新宁县", "城步苗族自治县", "武冈市",
    # 岳阳
    "岳阳楼区", "云溪区", "君山区", "岳阳县", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市",
    # 常德
    "武陵区", "鼎城区", "安乡县", "汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市",
    # 张家界
    "武陵源区", "慈利县", "桑植县",
    # 益阳
    "资阳区", "赫山区", "益阳市南县", "桃江县", "安化县", "沅江市",
    # 郴州
    "北湖区", "苏仙区", "桂阳县", "宜章县", "永兴县", "嘉禾县", "临武县", "汝城县", "桂东县", "安仁县",
    "资兴市",
    # 永州
    "零陵区", "冷水滩区", "祁阳市", "祁阳县", "东安县", "双牌县", "永州市道县", "江永县", "宁远县",
    "蓝山县", "新田县", "江华瑶族自治县",
    # 怀化
    "鹤城区", "中方县", "沅陵县", "辰溪县", "溆浦县", "会同县", "麻阳苗族自治县", "新晃侗族自治县",
    "芷江侗族自治县", "靖州苗族侗族自治县", "通道侗族自治县", "洪江市",
    # 娄底
    "娄星区", "双峰县", "新化县", "冷水江市", "涟源市",
    # 湘西
    "吉首市", "泸溪县", "凤凰县", "花垣县", "保靖县", "古丈县", "永顺县", "龙山县",
)  # fmt: skip

# The province by name, and the mark of its finance department's documents (湘财绩〔2023〕3号).
_PROVINCE = ("湖南省",)
_MARK = re.compile(r"湘财[绩预]")

_NAMES = sorted((*_PROVINCE, *_PREFECTURES, *_COUNTIES), key=len, reverse=True)
_PLACES = re.compile("|".join(re.escape(name) for name in _NAMES))


def hunan_place(text: str) -> str | None:
    """The Hunan place or mark ``text`` names (the first one), or None. Spaces inside are ignored
    (a PDF breaks ``岳阳楼区`` as ``岳阳 楼区``)."""
    joined = re.sub(r"\s+", "", text)
    found = _PLACES.search(joined) or _MARK.search(joined)
    return found.group(0) if found else None


def names_hunan(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` (a table's title and header cells) names Hunan."""
    return any(hunan_place(t) is not None for t in texts if t)
