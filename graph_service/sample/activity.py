"""Activity in the sample: service events with their attendances, and the demand lists.

Figures (docs/programme.md): 832 team service sessions with 1,769 person-times sent down;
300+ public-opinion consultations; organ members' 5,000+ volunteer person-times and 100+ problems
solved; 50+ joint meetings of the 3 part-time committee members; 12 key problems solved.
"""

from __future__ import annotations

import datetime as dt
import random

from graph_service.roster.files import CsvRosterWriter
from graph_service.sample.names import COMMUNITIES
from graph_service.sample.structure import TEAMS

TEAM_SESSIONS, TEAM_ATTENDANCES = 832, 1_769
CONSULTATIONS = 312  # 300余次
VOLUNTEER_EVENTS_PER_BRANCH, VOLUNTEERS_PER_EVENT = 60, 12  # 7 x 60 x 12 = 5,040 person-times
PROBLEMS_SOLVED = 106  # 100余个
JOINT_MEETINGS = 52  # 50余次
FIRST, LAST = dt.date(2018, 6, 5), dt.date(2020, 9, 29)  # "two years and more" from 2018


def _tuesdays(rng: random.Random, count: int) -> list[dt.date]:
    """Dates of 周二无会日 (the Tuesday no-meeting day), sorted."""
    weeks = (LAST - FIRST).days // 7 + 1  # FIRST is a Tuesday
    return sorted(FIRST + dt.timedelta(weeks=rng.randrange(weeks)) for _ in range(count))


def _days(rng: random.Random, count: int) -> list[dt.date]:
    return sorted(
        FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days)) for _ in range(count)
    )


def write_events(
    out: CsvRosterWriter,
    rng: random.Random,
    cadres: dict[str, list[str]],
    leaders: dict[str, list[str]],
    branch_members: dict[str, list[str]],
    committee: list[str],
) -> None:
    """Every event and attendance, numbered E00001… in kind order."""
    number = 0

    def event(
        kind: str,
        name: str,
        date: dt.date,
        community: str | None = None,
        organiser: tuple[str, str] | None = None,
        solved: int | None = None,
    ) -> str:
        nonlocal number
        number += 1
        event_id = f"E{number:05d}"
        out.write("events", {
            "id": event_id, "name": name, "kind": kind, "date": date, "community_id": community,
            "organiser_type": organiser[0] if organiser else None,
            "organiser_id": organiser[1] if organiser else None, "problems_solved": solved,
        })  # fmt: skip
        return event_id

    def attend(event_id: str, people: list[str]) -> None:
        for person in people:
            out.write("attendances", {"person_id": person, "event_id": event_id})

    active_teams = [t for t in TEAMS if t <= "T08" and TEAMS[t]]
    three = set(rng.sample(range(TEAM_SESSIONS), TEAM_ATTENDANCES - 2 * TEAM_SESSIONS))
    for index, date in enumerate(_tuesdays(rng, TEAM_SESSIONS)):
        team = rng.choice(active_teams)
        community = f"CM{int(team[1:]):02d}"
        pool = [p for d in TEAMS[team] for p in cadres[d]]
        event_id = event(
            "team_service",
            f"{COMMUNITIES[int(team[1:]) - 1]}组团服务",
            date,
            community,
            ("ServiceTeam", team),
        )
        attend(event_id, rng.sample(pool, 3 if index in three else 2))

    for date in _tuesdays(rng, CONSULTATIONS):
        community_index = rng.randrange(8)
        community = f"CM{community_index + 1:02d}"
        event_id = event(
            "consultation", f"{COMMUNITIES[community_index]}民情沟通议事", date, community
        )
        attend(event_id, [rng.choice(leaders[community])])

    active = [b for b, members in branch_members.items() if members]
    solved = set(rng.sample(range(len(active) * VOLUNTEER_EVENTS_PER_BRANCH), PROBLEMS_SOLVED))
    index = 0
    for branch in active:
        community = f"CM{int(branch[2:]):02d}"  # PBnn is paired with CMnn
        for date in _days(rng, VOLUNTEER_EVENTS_PER_BRANCH):
            event_id = event(
                "volunteer",
                f"{COMMUNITIES[int(branch[2:]) - 1]}机关党员志愿服务",
                date,
                community,
                ("PartyBranch", branch),
                int(index in solved),
            )
            attend(event_id, rng.sample(branch_members[branch], VOLUNTEERS_PER_EVENT))
            index += 1

    for index, date in enumerate(_days(rng, JOINT_MEETINGS)):
        event_id = event("joint_meeting", "红手印之家联合党委联席会议", date)
        attend(event_id, [committee[index % len(committee)]])


DEMANDS = (
    "棚户区改造意愿征集与集聚上访风险", "老旧小区加装电梯", "楼道堆物清理", "小区停车难",
    "雨污管网改造", "背街小巷路灯维修", "菜市场周边秩序", "出租房安全隐患", "垃圾分类设施",
    "老年食堂建设", "小区监控补盲", "餐饮店油烟扰民", "绿化带破损", "二次供水水质",
    "小区围墙修缮", "快递柜设置", "健身器材更新", "无物业小区管理", "电动车充电棚", "积水点整治",
)  # fmt: skip


def write_demands(out: CsvRosterWriter, rng: random.Random) -> None:
    """20 demands: 12 key problems solved (the first is the source's petition case), 5
    dispatched, 3 open; each assessed by a module and dispatched to named departments."""
    for index, name in enumerate(DEMANDS, start=1):
        demand_id = f"DM{index:02d}"
        status = "resolved" if index <= 12 else "dispatched" if index <= 17 else "open"
        raised = FIRST + dt.timedelta(days=rng.randrange(700))
        resolved = raised + dt.timedelta(days=rng.randint(3, 60)) if status == "resolved" else None
        if index == 1:  # calmed within 3 hours: raised and resolved the same day
            resolved = raised
        out.write("demands", {
            "id": demand_id, "name": name, "status": status, "raised_on": raised,
            "resolved_on": resolved,
            "community_id": "CM03" if index == 1 else f"CM{rng.randint(1, 8):02d}",
            "module_id": "MD05" if index == 1 else f"MD{rng.randint(1, 5):02d}",
        })  # fmt: skip
        if status == "open":
            continue
        # 公安, 执法, 市场监管 for the petition case; one to three departments otherwise
        departments = (
            ["D05", "D06", "D07"]
            if index == 1
            else sorted(rng.sample([f"D{i:02d}" for i in range(1, 18)], rng.randint(1, 3)))
        )
        for department in departments:
            out.write("dispatches", {"demand_id": demand_id, "department_id": department})
