"""Every label pmdocs writes, in English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

__all__ = [
    "CHANGES",
    "DIAGNOSTIC_CODES",
    "FIELD_LABELS",
    "NOUNS",
    "STATUS_LABELS",
    "TYPE_NOUNS",
    "UI",
    "Catalog",
    "count_of",
    "field_label",
    "status_label",
]


class Catalog:
    """Texts by key, each given in both languages so none can be missing."""

    def __init__(self, entries: Mapping[str, tuple[str, str]]) -> None:
        self.entries = dict(entries)

    def __call__(self, key: str, language: str) -> str:
        english, chinese = self.entries[key]
        return chinese if language == "zh" else english

    def get(self, key: str, language: str, default: str) -> str:
        return self(key, language) if key in self.entries else default


UI = Catalog(
    {
        "pm": ("Product management", "产品管理"),
        "function_map": ("Function map", "职能地图"),
        "function_map_intro": (
            "The product-management functions, their document types and what each holds.",
            "产品管理的各项职能、对应的文档类型及其文档数量。",
        ),
        "function": ("Function", "职能"),
        "type": ("Type", "类型"),
        "documents": ("Documents", "文档"),
        "by_status": ("By status", "按状态"),
        "gap": ("Gap: no documents yet", "空缺：尚无文档"),
        "gaps": ("Gaps", "空缺"),
        "health": ("Health", "健康状况"),
        "healthy": ("All documents pass their checks.", "所有文档均通过检查。"),
        "errors": ("Errors", "错误"),
        "warnings": ("Warnings", "警告"),
        "problems_summary": (
            "{errors} and {warnings} in {pages}.",
            "{pages}中有 {errors}和 {warnings}。",
        ),
        "more_problems": (
            "… and {count} more: run pmdocs check to see them all.",
            "… 另有 {count} 条：运行 pmdocs check 查看全部。",
        ),
        "page": ("Page", "页面"),
        "line": ("Line", "行"),
        "code": ("Code", "代码"),
        "problem": ("Problem", "问题"),
        "left_out": ("left out of the site", "未收录到站点"),
        "id": ("ID", "编号"),
        "title": ("Title", "标题"),
        "status": ("Status", "状态"),
        "owner": ("Owner", "负责人"),
        "links": ("Links", "链接"),
        "backlinks": ("Linked from", "被引用"),
        "open_url": ("Open", "打开"),
        "open_url_at": ("Open on {host}", "在 {host} 打开"),
        "related": ("Related ({count})", "相关文档（{count}）"),
        "no_documents": (
            "No documents yet. Start the first with {command}.",
            "还没有文档。用 {command} 写第一篇。",
        ),
        "new_title": ("Title", "标题"),
        "total": ("Total", "合计"),
        "all_types": ("All types", "所有类型"),
        "none": ("—", "—"),
        "yes": ("yes", "是"),
        "no": ("no", "否"),
        "fields": ("Fields", "字段"),
        "query_empty": ("No documents match this query.", "没有符合此查询的文档。"),
        "query_limited": ("Showing {shown} of {total}.", "显示 {total} 篇中的 {shown} 篇。"),
        "query_failed": ("This query cannot run", "此查询无法执行"),
        "query_not_set": ("Not set", "未填写"),
        "query_count": ("Count", "数量"),
        "query_by": ("{what} by {field}", "{what}（按{field}）"),
        "query_numbers": ("The numbers of the chart", "图表数据"),
        "query_no_progress": ("no numbers yet", "尚无数据"),
        "query_through": ("{what} (through {through})", "{what}（经由{through}）"),
        "query_all": ("All", "全部"),
        "query_overdue": ("overdue", "已逾期"),
        "query_progress_of": ("{current} of {target}", "{current} / {target}"),
    }
)

FIELD_LABELS = Catalog(
    {
        "type": ("Type", "类型"),
        "id": ("ID", "编号"),
        "title": ("Title", "标题"),
        "status": ("Status", "状态"),
        "owner": ("Owner", "负责人"),
        "tags": ("Tags", "标签"),
        "created": ("Created", "创建日期"),
        "updated": ("Updated", "更新日期"),
        "review_by": ("Review by", "复查日期"),
        "url": ("Link", "链接"),
        "method": ("Method", "研究方法"),
        "theme": ("Theme", "主题"),
        "horizon": ("Horizon", "时间范围"),
        "start": ("Start", "开始"),
        "end": ("End", "结束"),
        "priority": ("Priority", "优先级"),
        "kind": ("Kind", "类别"),
        "due": ("Due", "截止日期"),
        "version": ("Version", "版本"),
        "date": ("Date", "日期"),
        "unit": ("Unit", "单位"),
        "target": ("Target", "目标值"),
        "baseline": ("Baseline", "基线"),
        "current": ("Current", "当前值"),
        "decided_on": ("Decided on", "决策日期"),
        "channel": ("Channel", "渠道"),
        "received": ("Received", "收到日期"),
        "feasibility": ("Feasibility", "可行性"),
        "channels": ("Channels", "渠道"),
        "hypothesis": ("Hypothesis", "假设"),
        "result": ("Result", "结果"),
        "members": ("Members", "成员"),
        "likelihood": ("Likelihood", "可能性"),
        "impact": ("Impact", "影响程度"),
        "mitigation": ("Mitigation", "缓解措施"),
        "period": ("Period", "周期"),
        "key_results": ("Key results", "关键结果"),
        "amount": ("Amount", "金额"),
        "currency": ("Currency", "币种"),
        "regulation": ("Regulation", "法规"),
        "jurisdiction": ("Jurisdiction", "司法辖区"),
        "customer": ("Customer", "客户"),
        "segment": ("Segment", "客户分级"),
        "path": ("Path", "路径"),
        "score": ("Score", "风险值"),
        "band": ("Band", "风险等级"),
        "progress": ("Progress", "进度"),
        "demand": ("Demand", "需求热度"),
        "overdue": ("Overdue", "已逾期"),
    }
)

# Nouns that follow a count: English singular and plural, and the Chinese
# measure word and noun (Chinese has one form for every count).
NOUNS: Mapping[str, tuple[str, str, str]] = {
    "document": ("document", "documents", "篇文档"),
    "error": ("error", "errors", "个错误"),
    "warning": ("warning", "warnings", "个警告"),
    "page": ("page", "pages", "个页面"),
    "problem": ("problem", "problems", "个问题"),
    "known problem": ("known problem", "known problems", "个已知问题"),
    "theme": ("theme", "themes", "个主题"),
}

# What a count of each built-in type's documents reads as: English singular
# and plural, and the Chinese measure word that goes before the type's label.
TYPE_NOUNS: Mapping[str, tuple[str, str, str]] = {
    "research": ("research study", "research studies", "份"),
    "roadmap": ("roadmap item", "roadmap items", "个"),
    "prd": ("requirement", "requirements", "篇"),
    "design": ("design", "designs", "份"),
    "milestone": ("milestone", "milestones", "个"),
    "release": ("release", "releases", "个"),
    "metric": ("metric", "metrics", "个"),
    "decision": ("decision", "decisions", "项"),
    "feedback": ("feedback item", "feedback items", "条"),
    "tech-review": ("technical review", "technical reviews", "份"),
    "gtm": ("go-to-market plan", "go-to-market plans", "份"),
    "experiment": ("experiment", "experiments", "个"),
    "team": ("team", "teams", "个"),
    "risk": ("risk", "risks", "个"),
    "objective": ("objective", "objectives", "个"),
    "budget": ("budget", "budgets", "份"),
    "compliance": ("compliance item", "compliance items", "项"),
    "customer-note": ("customer note", "customer notes", "条"),
}


def count_of(count: int, noun: str, language: str = "en") -> str:
    """A count and its noun as the language says it: ``1 error``, ``2 errors``, ``2 个错误``."""
    one, other, chinese = NOUNS[noun]
    if language == "zh":
        return f"{count} {chinese}"
    return f"{count} {one if count == 1 else other}"


STATUS_LABELS = Catalog(
    {
        "planned": ("planned", "已计划"),
        "in-progress": ("in progress", "进行中"),
        "done": ("done", "已完成"),
        "proposed": ("proposed", "已提议"),
        "dropped": ("dropped", "已放弃"),
        "draft": ("draft", "草稿"),
        "review": ("review", "评审中"),
        "approved": ("approved", "已批准"),
        "shipped": ("shipped", "已上线"),
        "rejected": ("rejected", "已拒绝"),
        "at-risk": ("at risk", "有风险"),
        "missed": ("missed", "未达成"),
        "released": ("released", "已发布"),
        "cancelled": ("cancelled", "已取消"),
        "tracking": ("tracking", "跟踪中"),
        "retired": ("retired", "已停用"),
        "decided": ("decided", "已决定"),
        "superseded": ("superseded", "已取代"),
        "new": ("new", "新建"),
        "triaged": ("triaged", "已分诊"),
        "closed": ("closed", "已关闭"),
        "active": ("active", "进行中"),
        "running": ("running", "运行中"),
        "concluded": ("concluded", "已结束"),
        "archived": ("archived", "已归档"),
        "open": ("open", "未处理"),
        "mitigating": ("mitigating", "缓解中"),
        "accepted": ("accepted", "已接受"),
        "achieved": ("achieved", "已达成"),
        "compliant": ("compliant", "合规"),
        "non-compliant": ("non-compliant", "不合规"),
        "waived": ("waived", "已豁免"),
        "followed-up": ("followed up", "已跟进"),
    }
)


# pm/changes.md and the history line of a document's card.
CHANGES = Catalog(
    {
        "title": ("What changed", "变更记录"),
        "since": ("Changes since {since}", "自 {since} 以来的变更"),
        "summary": (
            "From {since} to this build: {added} added, {removed} removed, {changed} changed.",
            "从 {since} 到本次构建：新增 {added} 篇，删除 {removed} 篇，修改 {changed} 篇。",
        ),
        "nothing": (
            "No PM document changed since {since}.",
            "自 {since} 以来没有产品管理文档发生变化。",
        ),
        "no_git": (
            "This site's documents are not in a git repository, so pmdocs cannot show "
            "what changed.",
            "本站文档不在 git 仓库中，pmdocs 无法显示变更。",
        ),
        "no_tag": (
            "The repository has no tag yet. Tag a release, or set the pmdocs option "
            "changes_since to a commit or a number of days (30d).",
            "仓库中还没有标签。请为发布打标签，或把 pmdocs 选项 changes_since 设为某个提交或天数（如 30d）。",
        ),
        "no_revision": (
            "The revision {since} is not in this copy of the repository. A shallow clone "
            "lacks older history: fetch all of it (fetch-depth: 0 in GitHub Actions).",
            "当前仓库副本中没有版本 {since}。浅克隆缺少较早的历史：请获取完整历史"
            "（GitHub Actions 中设置 fetch-depth: 0）。",
        ),
        "too_young": (
            "No commit is as old as {since} yet.",
            "还没有早于 {since} 的提交。",
        ),
        "slips": ("Roadmap slips", "路线图变动"),
        "slips_none": ("No roadmap date moved.", "路线图日期没有变动。"),
        "added_to_roadmap": ("Added to the roadmap", "新加入路线图"),
        "dropped_from_roadmap": ("Dropped from the roadmap", "从路线图移除"),
        "document": ("Document", "文档"),
        "field": ("Field", "字段"),
        "from": ("From", "原值"),
        "to": ("To", "新值"),
        "moved": ("Moved", "变动"),
        "later": ("{days} days later", "推迟 {days} 天"),
        "earlier": ("{days} days earlier", "提前 {days} 天"),
        "one_day_later": ("1 day later", "推迟 1 天"),
        "one_day_earlier": ("1 day earlier", "提前 1 天"),
        "added": ("added", "新增"),
        "removed": ("removed", "已删除"),
        "changed": ("changed", "已修改"),
        "body_changed": ("text changed", "正文有修改"),
        "moved_file": ("moved from {path}", "文件由 {path} 移来"),
        "links_added": ("{field}: added {ids}", "{field}：新增 {ids}"),
        "links_removed": ("{field}: removed {ids}", "{field}：移除 {ids}"),
        "unreadable": (
            "{file} could not be read at {side}: {message}",
            "{file} 在 {side} 无法读取：{message}",
        ),
        "working_tree": ("this build", "本次构建"),
        "changed_today": ("Changed today", "今天修改"),
        "changed_yesterday": ("Changed yesterday", "昨天修改"),
        "changed_days_ago": ("Changed {days} days ago", "{days} 天前修改"),
        "moved_since": ("{field} {moved} since {since}", "{field}自 {since} 起{moved}"),
    }
)


# What each diagnostic code means (SPEC section 3), for readers of a Chinese site:
# the messages themselves stay English, as `pmdocs check` prints them.
DIAGNOSTIC_CODES = Catalog(
    {
        "PM100": ("Front matter cannot be read", "front matter 无法读取"),
        "PM101": ("The same key twice", "同一个键出现两次"),
        "PM102": ("Front matter over the limits", "front matter 超出大小或嵌套限制"),
        "PM103": ("A file staging cannot place", "暂存时无法放置的文件"),
        "PM110": ("Unknown type", "未知的文档类型"),
        "PM120": ("A required field is missing", "缺少必填字段"),
        "PM121": ("A value of the wrong kind", "值的类型不正确"),
        "PM122": ("A value outside the allowed set", "值不在允许的取值范围内"),
        "PM123": ("An id that does not match its type's pattern", "编号不符合该类型的格式"),
        "PM124": ("A value that breaks a constraint", "值不满足约束条件"),
        "PM125": ("An unknown field", "未知字段"),
        "PM126": ("A URL that is not allowed", "不允许的网址"),
        "PM200": ("The same id in two documents", "多篇文档使用了同一个编号"),
        "PM201": ("A link to an id no document has", "链接的编号不存在"),
        "PM202": ("A link to a type the field does not allow", "链接的文档类型不被该字段允许"),
        "PM203": ("A cycle in depends_on", "依赖关系（depends_on）形成循环"),
        "PM204": ("A document linking to itself", "文档链接到了自身"),
        "PM210": ("A reference to an id no document has", "行内引用的编号不存在"),
        "PM300": (
            "A linked document a team rule requires is missing",
            "缺少团队规则要求的关联文档",
        ),
        "PM301": ("A field a team rule requires is missing", "缺少团队规则要求的字段"),
        "PM310": ("Past its review date", "已过复查日期"),
        "PM311": ("Not changed for a long time", "长时间未更新"),
        "PM400": ("A query that cannot run", "查询无法执行"),
    }
)


@lru_cache(maxsize=4096)  # asked for every field of every card and table row
def field_label(name: str, language: str) -> str:
    """The label of a field; a custom field's name, made readable."""
    return FIELD_LABELS.get(name, language, name.replace("_", " ").capitalize())


def status_label(status: str, language: str) -> str:
    return STATUS_LABELS.get(status, language, status)
