"""The charts of this story: one pure function per chart, facts in, Plotly figure out.

Each function is called once for a phone and once for a wide column (`screen.phone` tells
which) and lays the same points out for each: on a phone, labels sit above bars and rows instead
of beside them, and notes that would crowd the chart are left to its description and data table.
Each trace names the facts behind its points in `customdata`; titles, takeaways and descriptions
name facts with markers, never typed figures.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from storykit.charts import ChartRegistry, Facts, Screen, plotly_text
from storykit.theme import (ACCENT, BAND, BLUE, GREEN, NEUTRAL, PURPLE, TRANSPARENT, count_axis, label_above_rows,
                            new_figure, wrap)

charts = ChartRegistry()


DAYS_BEFORE, DAYS_AFTER = dt.timedelta(days=3), dt.timedelta(days=4)  # margins around the timeline
MS_PER_DAY = 86_400_000  # Plotly measures bar lengths on a date axis in milliseconds


def _day(facts: Facts, fact_id: str) -> str:
    return facts.value(fact_id).isoformat()


# The timeline


@charts.chart(
    "timeline",
    title="WeChat paused sign-ups days into its summer clean-up, amid a run of moves by China's regulators",
    takeaway=("Sign-ups reopened while WeChat's clean-up, the Qingfeng Plan, was still running: it ended "
              "<!-- fact:plan_end hedged -->, a date worked out from its length."),
    description=("A timeline from the Qingfeng Plan's announcement to its end, one row per event. A bar shows "
                 "the Qingfeng Plan, "
                 "hatched because its end date is worked out from its length. Another bar runs from the WeChat "
                 "team's post to the resumption, with a hollow circle for the earlier start CNA reported "
                 "(disputed) and, on wide screens, a note of when WeChat's statements expected the upgrade to "
                 "end. Diamonds mark the regulators' moves and a triangle Tencent's share fall."),
    height=460,
    phone_height=560,
)
def timeline(facts: Facts, screen: Screen) -> go.Figure:
    phone = screen.phone
    rows = {
        "plan": "WeChat's Qingfeng Plan",
        "qinglang": "Internet regulator (CAC): Qinglang campaign",
        "samr": "Market regulator (SAMR): music licensing order",
        "miit": "Industry ministry (MIIT): internet campaign",
        "signups": "WeChat sign-ups suspended",
        "shares": "Tencent's shares fell",
    }
    row = {key: wrap(text, 20) for key, text in rows.items()}
    figure = new_figure(
        screen,
        xaxis=dict(type="date", showgrid=True, tickformat="%-d %b", fixedrange=False,
                   dtick=MS_PER_DAY * (21 if phone else 14), tick0=_day(facts, "plan_announced"),
                   range=[(facts.value("plan_announced") - DAYS_BEFORE).isoformat(),
                          (facts.value("plan_end") + DAYS_AFTER).isoformat()]),
        yaxis=dict(showgrid=False, autorange="reversed", categoryorder="array", showticklabels=not phone,
                   categoryarray=list(row.values())),
        margin=dict(l=8, r=16, t=24 if phone else 16, b=8),
    )
    plan_start, plan_end = _day(facts, "plan_announced"), _day(facts, "plan_end")
    figure.add_trace(go.Bar(
        name="Qingfeng Plan", orientation="h", y=[row["plan"]], base=[plan_start],
        x=[(facts.value("plan_end") - facts.value("plan_announced")).days * MS_PER_DAY],
        marker=dict(color=GREEN, pattern=dict(shape="/", fgcolor=GREEN, bgcolor=TRANSPARENT, solidity=0.3)),
        customdata=["plan_announced plan_end"], width=0.4 if phone else 0.5,
        hovertemplate=(f"Qingfeng Plan<br>{facts.text('plan_announced')} to {facts.text('plan_end')}"
                       f"<br>(end worked out from its length, {facts.text('plan_duration')})<extra></extra>"),
    ))
    stop, resume = _day(facts, "weibo_post"), _day(facts, "registration_resumed")
    figure.add_trace(go.Bar(
        name="Sign-ups suspended", orientation="h", y=[row["signups"]], base=[stop],
        x=[(facts.value("registration_resumed") - facts.value("weibo_post")).days * MS_PER_DAY],
        marker=dict(color=ACCENT), customdata=["weibo_post registration_resumed"], width=0.4 if phone else 0.5,
        hovertemplate=(f"From the WeChat team's post, {facts.text('weibo_post')},<br>to the resumption, "
                       f"{facts.text('registration_resumed')}<extra></extra>"),
    ))
    figure.add_trace(go.Scatter(
        name="Earlier start reported by Taiwan's CNA", mode="markers", y=[row["signups"]],
        x=[_day(facts, "failures_since_cna")], customdata=["failures_since_cna"],
        marker=dict(symbol="circle-open", size=12, color=ACCENT, line=dict(width=2.5)),
        hovertemplate=(f"CNA: registration failing since {facts.text('failures_since_cna')} "
                       "(disputed)<extra></extra>"),
    ))
    regulators = [("qinglang", "qinglang_launched"), ("samr", "samr_order"), ("miit", "miit_campaign")]
    figure.add_trace(go.Scatter(
        name="Regulators' moves", mode="markers" if phone else "markers+text", y=[row[key] for key, _ in regulators],
        x=[_day(facts, fact_id) for _, fact_id in regulators], customdata=[fact_id for _, fact_id in regulators],
        marker=dict(symbol="diamond", size=13, color=BLUE),
        text=[facts.text(fact_id, short=True) for _, fact_id in regulators], textposition="middle right",
        textfont=dict(size=12), hovertemplate="%{text}<extra></extra>",
    ))
    fall = facts["tencent_change_0727"]
    fall_text = f"{facts.text(fall.id)} on {facts.text('tuesday', short=True)}"
    figure.add_trace(go.Scatter(
        name="Tencent's fall", mode="markers" if phone else "markers+text", y=[row["shares"]],
        x=[fall.fact.as_of.isoformat()], customdata=[fall.id], marker=dict(symbol="triangle-down", size=14, color=ACCENT),
        text=[fall_text], textposition="middle right", textfont=dict(size=12),
        hovertemplate="Tencent: %{text}<extra></extra>",
    ))
    expected = f"expected “{facts.text('weibo_post_expected_end')}”"
    if phone:  # each row's label, with its dates, above the row: the timeline gets the whole width
        label_above_rows(figure, [
            f"Qingfeng Plan: {facts.text('plan_announced', short=True)} to {facts.text('plan_end', short=True)} "
            "(estimate)",
            f"Internet regulator (CAC), Qinglang campaign: {facts.text('qinglang_launched', short=True)}",
            f"Market regulator (SAMR), music-licensing order: {facts.text('samr_order', short=True)}",
            f"Industry ministry (MIIT), internet campaign: {facts.text('miit_campaign', short=True)}",
            f"Sign-ups suspended: announced {facts.text('weibo_post', short=True)}, resumed "
            f"{facts.text('registration_resumed', short=True)}<br>(circle: earlier start reported by Taiwan's CNA)",
            f"Tencent's shares: {fall_text}",
        ], gap=0.2 + 0.04)
        return figure
    figure.add_annotation(x=resume, y=row["signups"], text=f"resumed {facts.text('registration_resumed', short=True)}"
                          f"<br>({expected})", showarrow=False, xanchor="left", xshift=6, align="left",
                          font=dict(size=12))
    figure.add_annotation(x=plan_start, y=row["plan"], text=f"announced {facts.text('plan_announced', short=True)}",
                          showarrow=False, xanchor="left", yanchor="bottom", yshift=17, font=dict(size=12))
    figure.add_annotation(x=plan_end, y=row["plan"], text=f"ended {facts.text('plan_end', short=True)} (estimate)",
                          showarrow=False, xanchor="right", yanchor="bottom", yshift=17, font=dict(size=12))
    return figure


# The market


@charts.chart(
    "market-27-july",
    title="On the day WeChat announced the suspension, the whole Hong Kong market fell",
    takeaway=("Tencent fell <!-- fact:tencent_vs_hsi --> as far as the Hang Seng Index, Hong Kong's main index, "
              "and a little further than the Hang Seng TECH Index of its largest technology companies."),
    description=("Horizontal bars of the change on <!-- fact:tuesday --> for Meituan, Tencent, the Hang Seng TECH "
                 "Index and the Hang Seng Index, with Tencent's bar in the accent colour and the others grey. "
                 "Hollow circles mark the change on the day before, where the sources give one."),
    height=380,
    phone_height=400,
)
def market_on_27_july(facts: Facts, screen: Screen) -> go.Figure:
    rows = [("Meituan", "meituan_change_0727", "meituan_change_0726"),
            ("Tencent", "tencent_change_0727", "tencent_change_0726"),
            ("Hang Seng TECH Index", "hstech_change_0727", None),
            ("Hang Seng Index", "hsi_change_0727", None)]
    phone = screen.phone
    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, ticksuffix="%", zeroline=True, zerolinewidth=1, dtick=10 if phone else 5),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
        showlegend=True, barmode="overlay", margin=dict(l=8, r=16, t=16, b=8),
    )
    names = [name for name, _, _ in rows]
    today = facts[rows[0][1]].fact.as_of
    day_before = facts[rows[0][2]].fact.as_of
    figure.add_trace(go.Bar(
        name=facts.date_text(today, short=True), orientation="h", y=names,
        x=[facts.value(change) for _, change, _ in rows], customdata=[change for _, change, _ in rows],
        marker=dict(color=[ACCENT if name == "Tencent" else NEUTRAL for name in names]),
        text=[facts.text(change) for _, change, _ in rows], textposition="none" if phone else "outside",
        cliponaxis=False, hovertemplate=f"%{{y}}, {facts.date_text(today, short=True)}: %{{text}}<extra></extra>",
        width=0.4 if phone else 0.6,
    ))
    known = [(name, before) for name, _, before in rows if before]
    figure.add_trace(go.Scatter(
        name=facts.date_text(day_before, short=True), mode="markers", y=[name for name, _ in known],
        x=[facts.value(before) for _, before in known], customdata=[before for _, before in known],
        marker=dict(symbol="circle-open", size=12, color=BLUE, line=dict(width=2.5)),
        text=[facts.text(before) for _, before in known],
        hovertemplate=f"%{{y}}, {facts.date_text(day_before, short=True)}: %{{text}}<extra></extra>",
    ))
    figure.update_xaxes(range=[facts.value("meituan_change_0727") * 1.3, 0])
    if phone:
        before = dict(known)
        label_above_rows(figure, [
            f"{name}: {facts.text(change)}" + (f" (day before: {facts.text(before[name])})" if name in before else "")
            for name, change, _ in rows], gap=0.2 + 0.04)
    return figure


@charts.chart(
    "market-daily",
    title="In vendors' daily prices, Tencent fell further than Hong Kong's indexes around the suspension, then drew "
          "level with the tech index",
    takeaway=("By these estimates, Tencent was <!-- fact:tencent_change_to_resumption abs hedged --> lower on "
              "<!-- fact:registration_resumed short --> than before the market regulator's order of "
              "<!-- fact:samr_order -->, the Hang Seng TECH Index <!-- fact:hstech_change_to_resumption abs hedged --> "
              "and the Hang Seng Index <!-- fact:hsi_change_to_resumption abs hedged -->. On the same estimates, "
              "Tencent was <!-- fact:tencent_change_to_august_end abs hedged --> lower on the series' last day, "
              "close to the tech index's <!-- fact:hstech_change_to_august_end abs hedged -->."),
    description=("Lines of the daily closes of Tencent, Meituan, the Hang Seng TECH Index and the Hang Seng "
                 "Index over the summer, each set to one hundred at its close on the last trading day before "
                 "the market regulator's order of <!-- fact:samr_order -->. A shaded band runs from the WeChat "
                 "team's post of <!-- fact:weibo_post --> to the resumption on <!-- fact:registration_resumed -->; "
                 "on wide screens, dotted lines also mark the market regulator's order and the industry "
                 "ministry's campaign of <!-- fact:miit_campaign -->. The lines are vendors' data, shown as "
                 "estimates; where a vendor's close differs from the one the news reported, the line uses the "
                 "reported close."),
    height=460,
    phone_height=500,
)
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
        xaxis=dict(type="date", showgrid=False, tickformat="%-d %b", hoverformat="%-d %B %Y",
                   dtick="M1" if phone else MS_PER_DAY * 14, tick0=facts.series("hsi_daily").days[0].isoformat()),
        yaxis=dict(showgrid=True, range=[lowest - 4, highest + (26 if phone else 18)]),
        showlegend=True, hovermode="x unified",
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="reversed"),
        margin=dict(l=8, r=16, t=8, b=8),
    )
    figure.add_traces(traces)
    stop, resume = _day(facts, "weibo_post"), _day(facts, "registration_resumed")
    figure.add_vrect(x0=stop, x1=resume, fillcolor=BAND, line_width=0, layer="below")
    marks = [("weibo_post", "suspension announced", "right"), ("registration_resumed", "sign-ups resumed", "left")]
    if not phone:  # on a phone these would crowd the others; the description names them
        marks = [("samr_order", "market regulator's order", "right"),
                 ("miit_campaign", "industry ministry's campaign", "right")] + marks
    for level, (fact_id, text, side) in enumerate(marks):
        figure.add_vline(x=_day(facts, fact_id), line=dict(width=1, dash="dot"))
        figure.add_annotation(x=_day(facts, fact_id), y=1 - level * (0.07 if phone else 0.055), yref="paper",
                              yanchor="top", xanchor=side, xshift=-3 if side == "right" else 3, showarrow=False,
                              text=text, font=dict(size=11 if phone else 12))
    figure.add_hline(y=100, line=dict(width=1, dash="dot"))
    figure.add_annotation(x=1, xref="paper", y=100, yanchor="bottom", xanchor="right", showarrow=False,
                          text=f"100 = close on {facts.date_text(base_day, short=True)}",
                          font=dict(size=11 if phone else 12))
    return figure


def _close_text(facts: Facts, series_id: str, day) -> str:
    if day.reported is None:
        return facts.series_text(series_id, day.in_series)
    return (f"{facts.text(day.reported.id)} reported ({facts.outlets(day.reported.id)});<br>"
            f"the vendor's series: {facts.series_text(series_id, day.in_series)}")


# WeChat's scale


@charts.chart(
    "mau-growth",
    title=("WeChat's growth in monthly active users slowed every year from "
           "<!-- fact:mau_2017 as-of year plain --> to <!-- fact:mau_2021 as-of year plain -->"),
    takeaway=("Growth fell from an estimated <!-- fact:mau_growth_2016 hedged --> in "
              "<!-- fact:mau_2016 as-of year plain --> to <!-- fact:mau_growth_2021 --> in "
              "<!-- fact:mau_2021 as-of year plain -->."),
    description=("Bars of WeChat's monthly active users at each year end, with each year's growth beside its "
                 "bar. The first bar is hatched because it is an estimate from secondary sources; the bar for "
                 "the article's figure is in the accent colour."),
    height=420,
    phone_height=400,
    source_note="Tencent annual results, as reported by",
)
def mau_growth(facts: Facts, screen: Screen) -> go.Figure:
    # Reported growth where a source gives it; worked out from the year-end figures otherwise.
    pairs = [("mau_2016", "mau_growth_2016"), ("mau_2017", "mau_growth_2017"),
             ("mau_2018", "mau_growth_2018_computed"), ("mau_2019", "mau_growth_2019_computed"),
             ("mau_2020_series", "mau_growth_2020"), ("mau_2021", "mau_growth_2021")]
    years = [(str(facts[mau].fact.as_of.year), mau, growth) for mau, growth in pairs]
    highlighted = str(facts["a_mau"].fact.as_of.year)
    estimates = {mau for _, mau, growth in years if "likely" in (facts[mau].confidence, facts[growth].confidence)}
    phone = screen.phone
    colours = [ACCENT if year == highlighted else BLUE for year, _, _ in years]

    def label(year: str, mau: str, growth: str) -> str:
        text = f"{facts.text(mau)}{' · ' if phone else '<br>'}+{facts.text(growth)}"
        if mau in estimates:
            text += " (estimate)"
        if phone and year == highlighted:
            text += f"<br>the article's {facts.text('a_mau')}"
        return text

    bars = go.Bar(
        name="Monthly active users, year end", customdata=[f"{mau} {growth}" for _, mau, growth in years],
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
        bars.update(orientation="h", y=[year for year, _, _ in years], x=[facts.value(mau) for _, mau, _ in years],
                    hovertemplate="End of %{y}: %{text}<extra></extra>")
        figure.add_trace(bars)
        return figure
    figure = new_figure(
        screen,
        xaxis=dict(type="category"),
        yaxis=dict(showgrid=True, **count_axis(1.5e9, 0.5e9, facts.language)),
        margin=dict(l=8, r=16, t=24, b=8),
    )
    bars.update(x=[year for year, _, _ in years], y=[facts.value(mau) for _, mau, _ in years],
                hovertemplate="End of %{x}: %{text}<extra></extra>")
    figure.add_trace(bars)
    # A numeric-looking category ("2020") would be read as a position: place the note by index.
    figure.add_annotation(x=[year for year, _, _ in years].index(highlighted), y=facts.value("a_mau"), yshift=52,
                          showarrow=False, text=f"the article's {facts.text('a_mau')}",
                          font=dict(size=12, color=ACCENT))
    return figure


@charts.chart(
    "daily-use",
    title="On a given day, more WeChat users used mini programs than posted to Moments",
    takeaway=("Daily mini-program users came to <!-- fact:share_mini_programs --> of WeChat's monthly active users, "
              "a rough comparison of figures from different dates and sources."),
    description=("Horizontal bars comparing WeChat's monthly active users with the daily users of mini "
                 "programs, the daily readers of official accounts and the daily posters to Moments. Each daily "
                 "bar is labelled with its share of the monthly figure, a derived comparison of figures from "
                 "different dates and sources."),
    height=360,
    phone_height=420,
)
def daily_use(facts: Facts, screen: Screen) -> go.Figure:
    rows = [("Monthly active users", "mau_2020", None),
            ("Mini-program users, daily", "daily_mini_programs", "share_mini_programs"),
            ("Official-account readers, daily", "daily_official_accounts", "share_official_accounts"),
            ("Moments posters, daily", "daily_moments", "share_moments")]
    phone = screen.phone

    def value(fact: str, share: str | None) -> str:
        return facts.text(fact) + (f" · {facts.text(share)} of monthly users (derived)" if share else "")

    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, showticklabels=not phone, **count_axis(2e9, 0.5e9, facts.language)),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
    )
    figure.add_trace(go.Bar(
        name="Users", orientation="h", y=[name for name, _, _ in rows], x=[facts.value(f) for _, f, _ in rows],
        customdata=[f"{fact} {share}" if share else fact for _, fact, share in rows],
        marker=dict(color=[NEUTRAL if share is None else BLUE for _, _, share in rows]),
        text=[value(fact, share) for _, fact, share in rows], textposition="none" if phone else "outside",
        cliponaxis=False, textfont=dict(size=12), hovertemplate="%{y}: %{text}<extra></extra>",
        width=0.4 if phone else 0.6,
    ))
    if phone:
        label_above_rows(figure, [f"{name}: {facts.text(fact)}" + (
            f"<br>{facts.text(share)} of monthly users (derived)" if share else "") for name, fact, share in rows],
            gap=0.2 + 0.04)
    return figure


@charts.chart(
    "wecom-scale",
    title="WeCom's active users came to <!-- fact:wecom_share_of_wechat --> of WeChat's monthly active users",
    takeaway=("WeCom counted <!-- fact:wecom_active_users --> active users in <!-- fact:wecom_orgs --> "
              "organisations; the share is rough, as the two counts differ in kind and date."),
    description=("Two horizontal bars: WeChat's monthly active users at the end of the year and WeCom's active "
                 "users announced at its annual conference, with a note giving the number of organisations "
                 "using WeCom. Both WeCom figures are lower bounds."),
    height=300,
    phone_height=320,
)
def wecom_scale(facts: Facts, screen: Screen) -> go.Figure:
    rows = [("WeChat, monthly active users", "mau_2020"), ("WeCom, active users", "wecom_active_users")]
    phone = screen.phone
    wecom = (f"{facts.text('wecom_active_users')} · {facts.text('wecom_share_of_wechat')} of WeChat's monthly "
             f"active users (derived)<br>in {facts.text('wecom_orgs')} organisations")
    figure = new_figure(
        screen,
        xaxis=dict(showgrid=True, showticklabels=not phone, **count_axis(2e9, 0.5e9, facts.language)),
        yaxis=dict(showgrid=False, autorange="reversed", showticklabels=not phone),
    )
    figure.add_trace(go.Bar(
        name="Users", orientation="h", y=[name for name, _ in rows], x=[facts.value(f) for _, f in rows],
        customdata=["mau_2020", "wecom_active_users wecom_share_of_wechat wecom_orgs"],
        marker=dict(color=[NEUTRAL, ACCENT]), text=[facts.text("mau_2020"), wecom],
        textposition="none" if phone else "outside", cliponaxis=False, textfont=dict(size=12),
        constraintext="none", hovertemplate="%{y}: %{text}<extra></extra>", width=0.35 if phone else 0.55,
    ))
    if phone:
        label_above_rows(figure, [
            f"WeChat, monthly active users: {facts.text('mau_2020')}",
            f"WeCom, active users: {facts.text('wecom_active_users')}<br>({facts.text('wecom_share_of_wechat')} "
            f"of WeChat's, derived),<br>in {facts.text('wecom_orgs')} organisations"], gap=0.175 + 0.04)
    return figure


# The Qingfeng Plan


@charts.chart(
    "qingfeng-targets",
    title="The article named only part of what the Qingfeng Plan targeted",
    takeaway=("The article mentions <!-- fact:plan_targets_in_article --> of the kinds of content in IT之家's "
              "report; of the penalties, it leaves out restricting accounts."),
    description=("A grid with one row for each thing the Qingfeng Plan targeted and each penalty, and a column "
                 "each for IT之家's report and the article. A filled circle means the source mentions it; a "
                 "crossed square means the article mentions it in different words; an empty circle means it is "
                 "left out."),
    height=470,
    phone_height=560,
)
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
    source_column, article_column = ("IT之家", "Article") if phone else ("IT之家 report", "The article")
    figure = new_figure(
        screen,
        xaxis=dict(type="category", side="top", showgrid=False, categoryarray=[source_column, article_column],
                   categoryorder="array"),
        yaxis=dict(showgrid=False, autorange="reversed", type="category"),
        margin=dict(l=8, r=16, t=8, b=8), showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"),
    )
    figure.add_trace(go.Scatter(
        name="Mentioned", legendgroup="same", mode="markers", x=[source_column] * len(items), y=rows,
        customdata=items, marker=dict(symbol="circle", size=16, color=GREEN),
        hovertemplate="%{y}<extra>IT之家</extra>",
    ))
    coverage = {fact_id: article_words.get(fact_id, "loose") if facts[fact_id].fact.related else "missing"
                for fact_id in items}
    for status, name, symbol, colour in (("same", "Mentioned", "circle", GREEN),
                                         ("loose", "Mentioned in different words", "square-x-open", PURPLE),
                                         ("missing", "Left out", "circle-open", NEUTRAL)):
        chosen = [fact_id for fact_id in items if coverage[fact_id] == status]
        if not chosen:
            continue
        figure.add_trace(go.Scatter(
            name=name, legendgroup=status, showlegend=status != "same", mode="markers",
            x=[article_column] * len(chosen), y=[label(f) for f in chosen],
            customdata=[" ".join([f, *facts[f].fact.related]) for f in chosen],
            marker=dict(symbol=symbol, size=16, color=colour, line=dict(width=2.5, color=colour)),
            hovertemplate=f"%{{y}}<extra>{name}</extra>",
        ))
    return figure
