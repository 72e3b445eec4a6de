"""The charts of this story: one pure function per chart, facts in, Plotly figure out.

Each function is called once for a phone and once for a wide column (`screen.phone` tells
which) and lays the same points out for each: on a phone, labels sit above bars and rows instead
of beside them, and notes that would crowd the chart are left to its description and data table.
Each trace names the facts behind its points in `customdata`. Every word a chart shows is the
story's, in each language: its title, takeaway and description, and the words drawn here
(`facts.say(key)`), are under `charts.<id>` in `docs/data/words/<language>.yaml`; they name facts
with markers or `{values}`, never typed figures.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from storykit.charts import (ACCENT, BAND, BLUE, GREEN, NEUTRAL, PURPLE, TRANSPARENT, ChartRegistry, Facts, Screen,
                             count_axis, label_above_rows, new_figure, wrap)

charts = ChartRegistry()


DAYS_BEFORE, DAYS_AFTER = dt.timedelta(days=3), dt.timedelta(days=4)  # margins around the timeline
MS_PER_DAY = 86_400_000  # Plotly measures bar lengths on a date axis in milliseconds


def _day(facts: Facts, fact_id: str) -> str:
    return facts.value(fact_id).isoformat()


# The timeline


@charts.chart("timeline", height=460, phone_height=560)
def timeline(facts: Facts, screen: Screen) -> go.Figure:
    phone = screen.phone
    keys = ("plan", "qinglang", "samr", "miit", "signups", "shares")
    row = {key: wrap(facts.say(f"rows.{key}"), 20) for key in keys}
    short = {fact_id: facts.text(fact_id, short=True) for fact_id in (
        "plan_announced", "plan_end", "qinglang_launched", "samr_order", "miit_campaign", "weibo_post",
        "registration_resumed", "tuesday")}
    figure = new_figure(
        screen,
        xaxis=dict(type="date", showgrid=True, tickformat=facts.date_format("tick"), fixedrange=False,
                   dtick=MS_PER_DAY * (21 if phone else 14), tick0=_day(facts, "plan_announced"),
                   range=[(facts.value("plan_announced") - DAYS_BEFORE).isoformat(),
                          (facts.value("plan_end") + DAYS_AFTER).isoformat()]),
        yaxis=dict(showgrid=False, autorange="reversed", categoryorder="array", showticklabels=not phone,
                   categoryarray=list(row.values())),
        margin=dict(l=8, r=16, t=24 if phone else 16, b=8),
    )
    plan_start, plan_end = _day(facts, "plan_announced"), _day(facts, "plan_end")
    figure.add_trace(go.Bar(
        name=facts.say("plan_name"), orientation="h", y=[row["plan"]], base=[plan_start],
        x=[(facts.value("plan_end") - facts.value("plan_announced")).days * MS_PER_DAY],
        marker=dict(color=GREEN, pattern=dict(shape="/", fgcolor=GREEN, bgcolor=TRANSPARENT, solidity=0.3)),
        customdata=["plan_announced plan_end"], width=0.4 if phone else 0.5,
        hovertemplate=facts.say("plan_hover", start=facts.text("plan_announced"), end=facts.text("plan_end"),
                                duration=facts.text("plan_duration")) + "<extra></extra>",
    ))
    stop, resume = _day(facts, "weibo_post"), _day(facts, "registration_resumed")
    figure.add_trace(go.Bar(
        name=facts.say("suspended_name"), orientation="h", y=[row["signups"]], base=[stop],
        x=[(facts.value("registration_resumed") - facts.value("weibo_post")).days * MS_PER_DAY],
        marker=dict(color=ACCENT), customdata=["weibo_post registration_resumed"], width=0.4 if phone else 0.5,
        hovertemplate=facts.say("suspended_hover", post=facts.text("weibo_post"),
                                resumed=facts.text("registration_resumed")) + "<extra></extra>",
    ))
    figure.add_trace(go.Scatter(
        name=facts.say("earlier_start_name"), mode="markers", y=[row["signups"]],
        x=[_day(facts, "failures_since_cna")], customdata=["failures_since_cna"],
        marker=dict(symbol="circle-open", size=12, color=ACCENT, line=dict(width=2.5)),
        hovertemplate=facts.say("earlier_start_hover", day=facts.text("failures_since_cna")) + "<extra></extra>",
    ))
    regulators = [("qinglang", "qinglang_launched"), ("samr", "samr_order"), ("miit", "miit_campaign")]
    figure.add_trace(go.Scatter(
        name=facts.say("regulators_name"), mode="markers" if phone else "markers+text",
        y=[row[key] for key, _ in regulators], x=[_day(facts, fact_id) for _, fact_id in regulators],
        customdata=[fact_id for _, fact_id in regulators], marker=dict(symbol="diamond", size=13, color=BLUE),
        text=[short[fact_id] for _, fact_id in regulators], textposition="middle right",
        textfont=dict(size=12), hovertemplate="%{text}<extra></extra>",
    ))
    fall = facts["tencent_change_0727"]
    fall_text = facts.say("fall", change=facts.text(fall.id), day=short["tuesday"])
    figure.add_trace(go.Scatter(
        name=facts.say("fall_name"), mode="markers" if phone else "markers+text", y=[row["shares"]],
        x=[fall.day.isoformat()], customdata=[fall.id], marker=dict(symbol="triangle-down", size=14, color=ACCENT),
        text=[fall_text], textposition="middle right", textfont=dict(size=12),
        hovertemplate=facts.say("fall_hover") + "<extra></extra>",
    ))
    if phone:  # each row's label, with its dates, above the row: the timeline gets the whole width
        label_above_rows(figure, [
            facts.say("phone.plan", start=short["plan_announced"], end=short["plan_end"]),
            facts.say("phone.qinglang", day=short["qinglang_launched"]),
            facts.say("phone.samr", day=short["samr_order"]),
            facts.say("phone.miit", day=short["miit_campaign"]),
            facts.say("phone.signups", post=short["weibo_post"], resumed=short["registration_resumed"]),
            facts.say("phone.shares", fall=fall_text),
        ], gap=0.2 + 0.04)
        return figure
    figure.add_annotation(x=resume, y=row["signups"], showarrow=False, xanchor="left", xshift=6, align="left",
                          text=facts.say("resumed_note", day=short["registration_resumed"],
                                         expected=facts.text("weibo_post_expected_end")), font=dict(size=12))
    figure.add_annotation(x=plan_start, y=row["plan"], text=facts.say("announced_note", day=short["plan_announced"]),
                          showarrow=False, xanchor="left", yanchor="bottom", yshift=17, font=dict(size=12))
    figure.add_annotation(x=plan_end, y=row["plan"], text=facts.say("ended_note", day=short["plan_end"]),
                          showarrow=False, xanchor="right", yanchor="bottom", yshift=17, font=dict(size=12))
    return figure


# The market


@charts.chart("market-27-july", height=380, phone_height=400)
def market_on_27_july(facts: Facts, screen: Screen) -> go.Figure:
    rows: list[tuple[str, str, str | None]] = [("meituan", "meituan_change_0727", "meituan_change_0726"),
                                               ("tencent", "tencent_change_0727", "tencent_change_0726"),
                                               ("hstech", "hstech_change_0727", None),
                                               ("hsi", "hsi_change_0727", None)]
    first_day, day_before_it = "meituan_change_0727", "meituan_change_0726"  # the days the bars compare
    phone = screen.phone
    name = {key: facts.say(f"rows.{key}") for key, _, _ in rows}
    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, ticksuffix="%", zeroline=True, zerolinewidth=1, dtick=10 if phone else 5),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
        showlegend=True, barmode="overlay", margin=dict(l=8, r=16, t=16, b=8),
    )
    today = facts.date_text(facts[first_day].day, short=True)
    day_before = facts.date_text(facts[day_before_it].day, short=True)
    figure.add_trace(go.Bar(
        name=today, orientation="h", y=[name[key] for key, _, _ in rows],
        x=[facts.value(change) for _, change, _ in rows], customdata=[change for _, change, _ in rows],
        marker=dict(color=[ACCENT if key == "tencent" else NEUTRAL for key, _, _ in rows]),
        text=[facts.text(change) for _, change, _ in rows], textposition="none" if phone else "outside",
        cliponaxis=False, hovertemplate=facts.say("hover", day=today) + "<extra></extra>",
        width=0.4 if phone else 0.6,
    ))
    known = [(key, before) for key, _, before in rows if before]
    figure.add_trace(go.Scatter(
        name=day_before, mode="markers", y=[name[key] for key, _ in known],
        x=[facts.value(before) for _, before in known], customdata=[before for _, before in known],
        marker=dict(symbol="circle-open", size=12, color=BLUE, line=dict(width=2.5)),
        text=[facts.text(before) for _, before in known],
        hovertemplate=facts.say("hover", day=day_before) + "<extra></extra>",
    ))
    figure.update_xaxes(range=[facts.value("meituan_change_0727") * 1.3, 0])
    if phone:
        before = dict(known)
        label_above_rows(figure, [
            facts.say("phone.with_day_before", name=name[key], change=facts.text(change),
                      before=facts.text(before[key])) if key in before else
            facts.say("phone.row", name=name[key], change=facts.text(change))
            for key, change, _ in rows], gap=0.2 + 0.04)
    return figure


@charts.chart("market-daily", height=460, phone_height=500)
def market_day_by_day(facts: Facts, screen: Screen) -> go.Figure:
    # Drawn last so that it stays on top; the legend lists it first.
    lines = [("hsi_daily", NEUTRAL, 2), ("hstech_daily", BLUE, 2), ("meituan_daily", PURPLE, 2),
             ("tencent_daily", ACCENT, 3.5)]
    phone = screen.phone
    base_day = facts.value("market_base_day")  # the day the data's comparisons start from
    traces = []
    for series_id, colour, width in lines:
        item = facts.series(series_id)
        days = facts.daily(series_id)
        base = item.value_on(base_day)
        traces.append(go.Scatter(
            name=facts.series_name(series_id), mode="lines", x=[d.day.isoformat() for d in days],
            y=[round(d.value / base * 100, 2) for d in days], customdata=[d.ids for d in days],
            line=dict(color=colour, width=width), text=[_close_text(facts, series_id, d) for d in days],
            hovertemplate="%{text}<extra>" + facts.series_name(series_id) + "</extra>",
        ))
    lowest = min(min(trace.y) for trace in traces)
    highest = max(max(trace.y) for trace in traces)
    figure = new_figure(
        screen,
        xaxis=dict(type="date", showgrid=False, tickformat=facts.date_format("tick"),
                   hoverformat=facts.date_format("hover"), dtick="M1" if phone else MS_PER_DAY * 14,
                   tick0=facts.series("hsi_daily").days[0].isoformat()),
        yaxis=dict(showgrid=True, range=[lowest - 4, highest + (26 if phone else 18)]),
        showlegend=True, hovermode="x unified",
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="reversed"),
        margin=dict(l=8, r=16, t=8, b=8),
    )
    figure.add_traces(traces)
    stop, resume = _day(facts, "weibo_post"), _day(facts, "registration_resumed")
    figure.add_vrect(x0=stop, x1=resume, fillcolor=BAND, line_width=0, layer="below")
    marks = [("weibo_post", "announced", "right"), ("registration_resumed", "resumed", "left")]
    if not phone:  # on a phone these would crowd the others; the description names them
        marks = [("samr_order", "samr", "right"), ("miit_campaign", "miit", "right")] + marks
    for level, (fact_id, key, side) in enumerate(marks):
        figure.add_vline(x=_day(facts, fact_id), line=dict(width=1, dash="dot"))
        figure.add_annotation(x=_day(facts, fact_id), y=1 - level * (0.07 if phone else 0.055), yref="paper",
                              yanchor="top", xanchor=side, xshift=-3 if side == "right" else 3, showarrow=False,
                              text=facts.say(f"marks.{key}"), font=dict(size=11 if phone else 12))
    figure.add_hline(y=100, line=dict(width=1, dash="dot"))
    figure.add_annotation(x=1, xref="paper", y=100, yanchor="bottom", xanchor="right", showarrow=False,
                          text=facts.say("base", day=facts.date_text(base_day, short=True)),
                          font=dict(size=11 if phone else 12))
    return figure


def _close_text(facts: Facts, series_id: str, day) -> str:
    if day.reported is None:
        return facts.series_text(series_id, day.in_series)
    return facts.say("reported_close", reported=facts.text(day.reported.id), outlets=facts.outlets(day.reported.id),
                     in_series=facts.series_text(series_id, day.in_series))


# WeChat's scale


@charts.chart("mau-growth", height=420, phone_height=400)
def mau_growth(facts: Facts, screen: Screen) -> go.Figure:
    # Reported growth where a source gives it; worked out from the year-end figures otherwise.
    pairs = [("mau_2016", "mau_growth_2016"), ("mau_2017", "mau_growth_2017"),
             ("mau_2018", "mau_growth_2018_computed"), ("mau_2019", "mau_growth_2019_computed"),
             ("mau_2020_series", "mau_growth_2020"), ("mau_2021", "mau_growth_2021")]
    years = [(str(facts[mau].day.year), mau, growth) for mau, growth in pairs]
    highlighted = str(facts["a_mau"].day.year)
    estimates = {mau for _, mau, growth in years if "likely" in (facts[mau].confidence, facts[growth].confidence)}
    phone = screen.phone
    colours = [ACCENT if year == highlighted else BLUE for year, _, _ in years]
    articles = facts.say("articles", figure=facts.text("a_mau"))

    def label(year: str, mau: str, growth: str) -> str:
        text = facts.say("phone.bar" if phone else "bar", users=facts.text(mau), growth=facts.text(growth))
        if mau in estimates:
            text += facts.say("estimate")
        if phone and year == highlighted:
            text += "<br>" + articles
        return text

    bars = go.Bar(
        name=facts.say("name"), customdata=[f"{mau} {growth}" for _, mau, growth in years],
        marker=dict(color=colours, pattern=dict(shape=["/" if mau in estimates else "" for _, mau, _ in years],
                                                fgcolor=colours, bgcolor=TRANSPARENT, solidity=0.3)),
        text=[label(*item) for item in years], textposition="outside", cliponaxis=False, textfont=dict(size=12),
        constraintext="none", width=0.6,
    )
    if phone:  # years down the side, each bar's figures at its end
        figure = new_figure(
            screen,
            xaxis=dict(showgrid=False, showticklabels=False, range=[0, 3.1e9]),
            yaxis=dict(type="category", showgrid=False, autorange="reversed"),
            margin=dict(l=8, r=8, t=8, b=8),
        )
        bars.update(orientation="h", y=[facts.say("year", year=year) for year, _, _ in years],
                    x=[facts.value(mau) for _, mau, _ in years],
                    hovertemplate=facts.say("hover", year="%{y}") + "<extra></extra>")
        figure.add_trace(bars)
        return figure
    figure = new_figure(
        screen,
        xaxis=dict(type="category"),
        yaxis=dict(showgrid=True, **count_axis(1.5e9, 0.5e9, facts.language)),
        margin=dict(l=8, r=16, t=24, b=8),
    )
    categories = [facts.say("year", year=year) for year, _, _ in years]
    bars.update(x=categories, y=[facts.value(mau) for _, mau, _ in years],
                hovertemplate=facts.say("hover", year="%{x}") + "<extra></extra>")
    figure.add_trace(bars)
    # A numeric-looking category ("2020") would be read as a position: place the note by index.
    figure.add_annotation(x=[year for year, _, _ in years].index(highlighted), y=facts.value("a_mau"), yshift=52,
                          showarrow=False, text=articles, font=dict(size=12, color=ACCENT))
    return figure


@charts.chart("daily-use", height=360, phone_height=420)
def daily_use(facts: Facts, screen: Screen) -> go.Figure:
    rows = [("monthly", "mau_2020", None),
            ("mini_programs", "daily_mini_programs", "share_mini_programs"),
            ("official_accounts", "daily_official_accounts", "share_official_accounts"),
            ("moments", "daily_moments", "share_moments")]
    phone = screen.phone
    name = {key: facts.say(f"rows.{key}") for key, _, _ in rows}

    def value(fact: str, share: str | None) -> str:
        return facts.say("with_share", users=facts.text(fact), share=facts.text(share)) if share else facts.text(fact)

    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, showticklabels=not phone, **count_axis(2e9, 0.5e9, facts.language)),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
    )
    figure.add_trace(go.Bar(
        name=facts.say("name"), orientation="h", y=[name[key] for key, _, _ in rows],
        x=[facts.value(f) for _, f, _ in rows], customdata=[f"{fact} {share}" if share else fact
                                                             for _, fact, share in rows],
        marker=dict(color=[NEUTRAL if share is None else BLUE for _, _, share in rows]),
        text=[value(fact, share) for _, fact, share in rows], textposition="none" if phone else "outside",
        cliponaxis=False, textfont=dict(size=12), hovertemplate=facts.say("hover") + "<extra></extra>",
        width=0.4 if phone else 0.6,
    ))
    if phone:
        label_above_rows(figure, [
            facts.say("phone.with_share", name=name[key], users=facts.text(fact), share=facts.text(share)) if share
            else facts.say("phone.row", name=name[key], users=facts.text(fact)) for key, fact, share in rows],
            gap=0.2 + 0.04)
    return figure


@charts.chart("wecom-scale", height=300, phone_height=320)
def wecom_scale(facts: Facts, screen: Screen) -> go.Figure:
    rows = [("wechat", "mau_2020"), ("wecom", "wecom_active_users")]
    phone = screen.phone
    name = {key: facts.say(f"rows.{key}") for key, _ in rows}
    shown = dict(users=facts.text("wecom_active_users"), share=facts.text("wecom_share_of_wechat"),
                 organisations=facts.text("wecom_orgs"))
    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, showticklabels=not phone, **count_axis(2e9, 0.5e9, facts.language)),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
    )
    figure.add_trace(go.Bar(
        name=facts.say("name"), orientation="h", y=[name[key] for key, _ in rows],
        x=[facts.value(f) for _, f in rows], customdata=["mau_2020", "wecom_active_users wecom_share_of_wechat wecom_orgs"],
        marker=dict(color=[NEUTRAL, ACCENT]), text=[facts.text("mau_2020"), facts.say("wecom", **shown)],
        textposition="none" if phone else "outside", cliponaxis=False, textfont=dict(size=12),
        constraintext="none", hovertemplate=facts.say("hover") + "<extra></extra>", width=0.35 if phone else 0.55,
    ))
    if phone:
        label_above_rows(figure, [facts.say("phone.wechat", users=facts.text("mau_2020")),
                                  facts.say("phone.wecom", **shown)], gap=0.175 + 0.04)
    return figure


# The Qingfeng Plan


@charts.chart("qingfeng-targets", height=470, phone_height=560)
def qingfeng_targets(facts: Facts, screen: Screen) -> go.Figure:
    items = ["target_on_camera", "target_child_influencers", "target_tipping", "target_cult_cartoons",
             "target_sexualised_stickers", "target_suicide_content", "penalty_restrict", "penalty_delete",
             "penalty_permanent_ban"]
    # How the article covers each item: "same" words, "loose" (different words), or left out.
    article_words = {"penalty_permanent_ban": "same"}
    phone = screen.phone

    def label(fact_id: str) -> str:
        return wrap(facts.label(fact_id), 24 if phone else 34)

    rows = [label(fact_id) for fact_id in items]
    layout = "phone" if phone else "wide"
    source_column, article_column = facts.say(f"columns.{layout}.source"), facts.say(f"columns.{layout}.article")
    figure = new_figure(
        screen,
        xaxis=dict(type="category", side="top", showgrid=False, categoryarray=[source_column, article_column],
                   categoryorder="array"),
        yaxis=dict(showgrid=False, autorange="reversed", type="category"),
        margin=dict(l=8, r=16, t=8, b=8), showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"),
    )
    figure.add_trace(go.Scatter(
        name=facts.say("status.same"), legendgroup="same", mode="markers", x=[source_column] * len(items), y=rows,
        customdata=items, marker=dict(symbol="circle", size=16, color=GREEN),
        hovertemplate="%{y}<extra>" + facts.say("source_hover") + "</extra>",
    ))
    coverage = {fact_id: article_words.get(fact_id, "loose") if facts[fact_id].fact.related else "missing"
                for fact_id in items}
    for status, symbol, colour in (("same", "circle", GREEN), ("loose", "square-x-open", PURPLE),
                                   ("missing", "circle-open", NEUTRAL)):
        chosen = [fact_id for fact_id in items if coverage[fact_id] == status]
        if not chosen:
            continue
        name = facts.say(f"status.{status}")
        figure.add_trace(go.Scatter(
            name=name, legendgroup=status, showlegend=status != "same", mode="markers",
            x=[article_column] * len(chosen), y=[label(f) for f in chosen],
            customdata=[" ".join([f, *facts[f].fact.related]) for f in chosen],
            marker=dict(symbol=symbol, size=16, color=colour, line=dict(width=2.5, color=colour)),
            hovertemplate="%{y}<extra>" + name + "</extra>",
        ))
    return figure
