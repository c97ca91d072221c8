// The data's own words in the page's language: relationships named from the side of the node
// shown (a liaison "联系楼道", the stairwell "联系党员"), roles, and the values of enumerated
// fields (男, not male). Names the table lacks are shown as stored.
import { currentLang } from "./i18n.js";

// type -> [from the start node, from the end node], each {zh, en}.
const RELATIONS = {
  PART_OF: [{ zh: "隶属于", en: "part of" }, { zh: "下辖", en: "contains" }],
  LIAISES_WITH: [{ zh: "联系楼道", en: "liaises with stairwell" }, { zh: "联系党员", en: "liaison" }],
  LEADS_GRID: [{ zh: "联系网格", en: "leads grid" }, { zh: "网格负责人", en: "grid leader" }],
  LEADS_COMMUNITY: [{ zh: "社区班子成员", en: "leads community" }, { zh: "社区班子", en: "community leadership" }],
  WORKS_IN: [{ zh: "所在部门", en: "works in" }, { zh: "工作人员", en: "staff" }],
  MEMBER_OF: [{ zh: "所属组织", en: "member of" }, { zh: "成员", en: "member" }],
  IN_TEAM: [{ zh: "所在服务团", en: "in service team" }, { zh: "成员部门", en: "member department" }],
  SERVES: [{ zh: "联系社区", en: "serves community" }, { zh: "联系服务团", en: "served by team" }],
  PAIRED_WITH: [{ zh: "结对", en: "paired with" }, { zh: "结对", en: "paired with" }],
  SITS_ON: [{ zh: "兼职委员", en: "sits on" }, { zh: "兼职委员", en: "part-time member" }],
  CO_BUILDS: [{ zh: "共建社区", en: "co-builds with" }, { zh: "共建单位", en: "co-building unit" }],
  MANAGES: [{ zh: "物业服务", en: "manages" }, { zh: "物业公司", en: "property company" }],
  VOLUNTEERS_IN: [{ zh: "所在志愿团队", en: "volunteers in" }, { zh: "志愿者", en: "volunteer" }],
  HOLDS_POST: [{ zh: "在岗", en: "holds post" }, { zh: "在岗人员", en: "post holder" }],
  ATTENDED: [{ zh: "参加活动", en: "attended" }, { zh: "参加人员", en: "attendee" }],
  DISPATCHED_TO: [{ zh: "派往部门", en: "dispatched to" }, { zh: "接办需求", en: "dispatched demand" }],
  ASSIGNED_TO: [{ zh: "战时包干", en: "assigned in wartime" }, { zh: "包干人员", en: "wartime holder" }],
  BUILDING_HEAD_OF: [{ zh: "任楼栋长", en: "building head of" }, { zh: "楼栋长", en: "building head" }],
  LOCATED_IN: [{ zh: "所在社区", en: "located in" }, { zh: "辖区卡点", en: "checkpoint" }],
  RUN_BY: [{ zh: "设卡服务团", en: "run by" }, { zh: "所设卡点", en: "runs checkpoint" }],
  HELD_IN: [{ zh: "活动社区", en: "held in" }, { zh: "社区活动", en: "event held here" }],
  ORGANISED_BY: [{ zh: "组织方", en: "organised by" }, { zh: "组织的活动", en: "organised" }],
  RAISED: [{ zh: "提出需求", en: "raised" }, { zh: "提出社区", en: "raised by" }],
  ASSESSED_BY: [{ zh: "研判模块", en: "assessed by" }, { zh: "研判需求", en: "assessed demand" }],
};

// field -> value -> {zh, en}; booleans for every field.
const VALUES = {
  gender: { male: { zh: "男", en: "male" }, female: { zh: "女", en: "female" } },
  education: {
    primary: { zh: "小学", en: "primary" }, secondary: { zh: "中学", en: "secondary" },
    college: { zh: "大专", en: "college" }, university: { zh: "本科", en: "university" },
    postgraduate: { zh: "研究生", en: "postgraduate" },
  },
  role: {
    grid_head: { zh: "网格长", en: "grid head" }, party_group_leader: { zh: "党小组组长", en: "party-group leader" },
    red_steward: { zh: "红管家", en: "red steward" }, stairwell_head: { zh: "楼道长", en: "stairwell head" },
    secretary: { zh: "书记", en: "secretary" }, committee_member: { zh: "班子成员", en: "committee member" },
  },
  kind: {
    residential: { zh: "住宅网格", en: "residential" }, dedicated: { zh: "专属网格", en: "dedicated" },
    organ: { zh: "机关支部", en: "organ branch" }, community: { zh: "社区", en: "community" },
    grid: { zh: "网格", en: "grid" }, compound: { zh: "小区", en: "compound" }, general: { zh: "服务总团", en: "general team" },
    team_service: { zh: "组团服务", en: "team service" }, consultation: { zh: "民意恳谈", en: "consultation" },
    branch_activity: { zh: "支部活动", en: "branch activity" }, volunteer: { zh: "志愿服务", en: "volunteering" },
    joint_meeting: { zh: "联席会议", en: "joint meeting" },
  },
  level: { city: { zh: "市级", en: "city" }, district: { zh: "区级", en: "district" } },
  status: {
    open: { zh: "待处理", en: "open" }, dispatched: { zh: "已派单", en: "dispatched" }, resolved: { zh: "已解决", en: "resolved" },
  },
  colour: {
    red: { zh: "红", en: "red" }, orange: { zh: "橙", en: "orange" }, yellow: { zh: "黄", en: "yellow" },
    blue: { zh: "蓝", en: "blue" }, green: { zh: "绿", en: "green" },
  },
};
const YES_NO = { true: { zh: "是", en: "yes" }, false: { zh: "否", en: "no" } };

const say = (texts) => texts[currentLang()] ?? texts.zh;

/** A relationship seen from one of its ends: `outgoing` when the node shown is its start. */
export function relationName(type, outgoing, attributes = {}) {
  const names = RELATIONS[type];
  const name = names ? say(names[outgoing ? 0 : 1]) : type;
  if (!attributes.role) return name;
  const role = valueName("role", attributes.role);
  return currentLang() === "zh" ? `${name}（${role}）` : `${name} (${role})`;
}

/** A field's value in the page's language (as stored when the table does not know it). */
export function valueName(field, value) {
  if (typeof value === "boolean") return say(YES_NO[value]);
  const known = VALUES[field]?.[value];
  return known ? say(known) : value;
}
