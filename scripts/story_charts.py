"""The charts of this story: one pure function per chart, facts in, Plotly figure out.

Each trace names the facts behind its points in `customdata`; titles, takeaways and
descriptions name facts with markers, never typed figures.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from storykit.charts import ChartRegistry, Facts
from storykit.theme import ACCENT, BLUE, GREEN, NEUTRAL, PURPLE, TRANSPARENT, count_axis, new_figure, wrap

charts = ChartRegistry()


DAYS_BEFORE, DAYS_AFTER = dt.timedelta(days=3), dt.timedelta(days=4)  # margins around the timeline
MS_PER_DAY = 86_400_000  # Plotly measures bar lengths on a date axis in milliseconds


def _day(facts: Facts, fact_id: str) -> str:
    return facts.value(fact_id).isoformat()


@charts.chart(
    "timeline",
    title="The suspension came in a week of regulatory moves, days into WeChat's summer clean-up",
    takeaway=("WeChat stopped sign-ups on <!-- fact:weibo_post --> and resumed them on "
              "<!-- fact:registration_resumed -->, while the Qingfeng Plan ran to "
              "<!-- fact:plan_end -->."),
    description=("A timeline from late July to late September, one row per event. A bar shows the "
                 "Qingfeng Plan, hatched because its end date is worked out from its length. Another "
                 "bar shows the sign-up suspension, with a hollow circle for the earlier start CNA "
                 "reported and a note where the article expected it to end. Diamonds mark the "
                 "regulators' moves and a triangle Tencent's share fall."),
    height=460,
)
def timeline(facts: Facts) -> go.Figure:
    rows = {
        "plan": "WeChat's Qingfeng Plan",
        "qinglang": "CAC launches Qinglang campaign",
        "samr": "SAMR music-licensing order",
        "miit": "MIIT internet-industry campaign",
        "signups": "WeChat sign-ups suspended",
        "shares": "Tencent's shares fall",
    }
    figure = new_figure(
        xaxis=dict(type="date", showgrid=True, tickformat="%-d %b", fixedrange=False,
                   range=[(facts.value("plan_announced") - DAYS_BEFORE).isoformat(),
                          (facts.value("plan_end") + DAYS_AFTER).isoformat()]),
        yaxis=dict(showgrid=False, autorange="reversed", categoryorder="array",
                   categoryarray=[wrap(row, 20) for row in rows.values()]),
        margin=dict(l=8, r=16, t=16, b=8),
    )
    row = {key: wrap(text, 20) for key, text in rows.items()}
    plan_start, plan_end = _day(facts, "plan_announced"), _day(facts, "plan_end")
    figure.add_trace(go.Bar(
        name="Qingfeng Plan", orientation="h", y=[row["plan"]], base=[plan_start],
        x=[(facts.value("plan_end") - facts.value("plan_announced")).days * MS_PER_DAY],
        marker=dict(color=GREEN, pattern=dict(shape="/", fgcolor=GREEN, bgcolor=TRANSPARENT, solidity=0.3)),
        customdata=["plan_announced plan_end"], width=0.55,
        hovertemplate=(f"Qingfeng Plan<br>{facts.text('plan_announced')} to {facts.text('plan_end')}"
                       f"<br>(end worked out from its length, {facts.text('plan_duration')})<extra></extra>"),
    ))
    stop, resume = _day(facts, "weibo_post"), _day(facts, "registration_resumed")
    figure.add_trace(go.Bar(
        name="Sign-ups suspended", orientation="h", y=[row["signups"]], base=[stop],
        x=[(facts.value("registration_resumed") - facts.value("weibo_post")).days * MS_PER_DAY],
        marker=dict(color=ACCENT), customdata=["weibo_post registration_resumed"], width=0.55,
        hovertemplate=(f"Sign-ups suspended<br>{facts.text('weibo_post')} (WeChat team's post) to "
                       f"{facts.text('registration_resumed')} (resumed)<extra></extra>"),
    ))
    figure.add_trace(go.Scatter(
        name="Earlier start reported by CNA", mode="markers", y=[row["signups"]],
        x=[_day(facts, "failures_since_cna")], customdata=["failures_since_cna"],
        marker=dict(symbol="circle-open", size=12, color=ACCENT, line=dict(width=2.5)),
        hovertemplate=(f"CNA: registration failing since {facts.text('failures_since_cna')} "
                       "(disputed)<extra></extra>"),
    ))
    regulators = [("qinglang", "qinglang_launched"), ("samr", "samr_order"), ("miit", "miit_campaign")]
    figure.add_trace(go.Scatter(
        name="Regulators' moves", mode="markers+text", y=[row[key] for key, _ in regulators],
        x=[_day(facts, fact_id) for _, fact_id in regulators], customdata=[fact_id for _, fact_id in regulators],
        marker=dict(symbol="diamond", size=13, color=BLUE),
        text=[facts.text(fact_id, short=True) for _, fact_id in regulators], textposition="middle right",
        textfont=dict(size=12), hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fall = facts["tencent_change_0727"]
    figure.add_trace(go.Scatter(
        name="Tencent's fall", mode="markers+text", y=[row["shares"]], x=[fall.fact.as_of.isoformat()],
        customdata=[fall.id], marker=dict(symbol="triangle-down", size=14, color=ACCENT),
        text=[f"{facts.text(fall.id)} on {facts.text('tuesday', short=True)}"], textposition="middle right",
        textfont=dict(size=12), hovertemplate="Tencent: %{text}<extra></extra>",
    ))
    figure.add_annotation(x=resume, y=row["signups"], text=f"resumed {facts.text('registration_resumed', short=True)}",
                          showarrow=False, xanchor="left", xshift=6, yshift=9, font=dict(size=12))
    month_of_resumption = facts.value("registration_resumed").replace(day=1).isoformat()
    figure.add_annotation(x=month_of_resumption, y=row["signups"], showarrow=False, xanchor="left", yshift=-11,
                          xshift=90, text=f"expected “{facts.text('a_expected_end')}”", font=dict(size=12))
    figure.add_annotation(x=plan_start, y=row["plan"], text=f"announced {facts.text('plan_announced', short=True)}",
                          showarrow=False, xanchor="left", yshift=18, font=dict(size=12))
    figure.add_annotation(x=plan_end, y=row["plan"], text=f"ends {facts.text('plan_end', short=True)}",
                          showarrow=False, xanchor="right", yshift=18, font=dict(size=12))
    return figure


@charts.chart(
    "market-27-july",
    title="On the day of the suspension, the whole Hong Kong market fell",
    takeaway=("Tencent lost <!-- fact:tencent_change_0727 abs -->, but the Hang Seng Tech Index lost "
              "<!-- fact:hstech_change_0727 abs --> and Meituan <!-- fact:meituan_change_0727 abs -->, "
              "after regulatory news on the days before."),
    description=("Horizontal bars of the change on <!-- fact:tuesday --> for Tencent, the Hang Seng Index, "
                 "the Hang Seng Tech Index and Meituan, with Tencent's bar in the accent colour and the "
                 "others grey. Hollow circles mark the change on the day before, where the sources give "
                 "one."),
    height=380,
)
def market_on_27_july(facts: Facts) -> go.Figure:
    rows = [("Meituan", "meituan_change_0727", "meituan_change_0726"),
            ("Tencent", "tencent_change_0727", "tencent_change_0726"),
            ("Hang Seng Tech Index", "hstech_change_0727", None),
            ("Hang Seng Index", "hsi_change_0727", None)]
    figure = new_figure(
        xaxis=dict(showgrid=True, ticksuffix="%", zeroline=True, zerolinewidth=1),
        yaxis=dict(showgrid=False, autorange="reversed"),
        showlegend=True, barmode="overlay",
    )
    names = [name for name, _, _ in rows]
    today = facts[rows[0][1]].fact.as_of
    day_before = facts[rows[0][2]].fact.as_of
    figure.add_trace(go.Bar(
        name=f"{today.day} {today:%B}", orientation="h", y=names, x=[facts.value(today) for _, today, _ in rows],
        customdata=[today for _, today, _ in rows],
        marker=dict(color=[ACCENT if name == "Tencent" else NEUTRAL for name in names]),
        text=[facts.text(today) for _, today, _ in rows], textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}, {today.day} {today:%B}: %{{text}}<extra></extra>", width=0.6,
    ))
    known = [(name, before) for name, _, before in rows if before]
    figure.add_trace(go.Scatter(
        name=f"{day_before.day} {day_before:%B}", mode="markers", y=[name for name, _ in known],
        x=[facts.value(before) for _, before in known], customdata=[before for _, before in known],
        marker=dict(symbol="circle-open", size=12, color=BLUE, line=dict(width=2.5)),
        text=[facts.text(before) for _, before in known],
        hovertemplate=f"%{{y}}, {day_before.day} {day_before:%B}: %{{text}}<extra></extra>",
    ))
    figure.update_xaxes(range=[facts.value("meituan_change_0727") * 1.3, 0])
    return figure


@charts.chart(
    "tencent-closes",
    title="Tencent's shares had not recovered when sign-ups resumed",
    takeaway=("From <!-- fact:tencent_close_0726 --> on <!-- fact:tencent_close_0726 as-of short -->, "
              "Tencent closed at "
              "<!-- fact:tencent_close_0805 --> on the day registration resumed: "
              "<!-- fact:tencent_change_0726_0805 -->."),
    description=("Tencent's closing share price on each day between <!-- fact:tencent_close_0726 as-of short "
                 "--> and <!-- fact:tencent_close_0805 as-of --> for which a source confirms it. Lines join only consecutive trading days; days without a "
                 "confirmed close are left empty."),
    height=400,
)
def tencent_closes(facts: Facts) -> go.Figure:
    closes = ["tencent_close_0726", "tencent_close_0727", "tencent_close_0729", "tencent_close_0730",
              "tencent_close_0803", "tencent_close_0805"]
    consecutive = {("tencent_close_0726", "tencent_close_0727"), ("tencent_close_0729", "tencent_close_0730")}
    xs: list[str | None] = []
    ys: list[float | None] = []
    ids: list[str | None] = []
    for index, fact_id in enumerate(closes):
        if index and (closes[index - 1], fact_id) not in consecutive:
            xs.append(None)
            ys.append(None)
            ids.append(None)
        xs.append(facts[fact_id].fact.as_of.isoformat())
        ys.append(facts.value(fact_id))
        ids.append(fact_id)
    points = [i for i, fact_id in enumerate(ids) if fact_id]
    figure = new_figure(
            xaxis=dict(type="date", tickformat="%-d %b", showgrid=False, dtick=MS_PER_DAY * 2),
        yaxis=dict(tickprefix="HK$", showgrid=True,
                   range=[min(y for y in ys if y) * 0.95, max(y for y in ys if y) * 1.04]),
        margin=dict(l=8, r=16, t=24, b=8),
    )
    figure.add_trace(go.Scatter(
        name="Closing price", mode="lines", x=xs, y=ys, connectgaps=False, line=dict(color=NEUTRAL, width=2),
        hoverinfo="skip", customdata=[fact_id or "" for fact_id in ids],
    ))
    figure.add_trace(go.Scatter(
        name="Confirmed close", mode="markers+text", x=[xs[i] for i in points], y=[ys[i] for i in points],
        customdata=[ids[i] for i in points], marker=dict(size=11, color=ACCENT),
        text=[facts.text(ids[i]) for i in points], textposition="top center", cliponaxis=False,
        textfont=dict(size=12), hovertemplate="%{x|%-d %B}: %{text}<extra></extra>",
    ))
    for when, text, at_top in ((facts.value("weibo_post"), "suspension announced", False),
                               (facts["games_opium_article"].fact.as_of, "“spiritual opium” article", True),
                               (facts.value("registration_resumed"), "sign-ups resume", False)):
        figure.add_vline(x=when.isoformat(), line=dict(color=NEUTRAL, width=1, dash="dot"))
        figure.add_annotation(x=when.isoformat(), y=1 if at_top else 0, yref="paper",
                              yanchor="top" if at_top else "bottom", text=text, showarrow=False,
                              xanchor="right" if at_top else "left", xshift=-4 if at_top else 4, font=dict(size=11))
    return figure


@charts.chart(
    "mau-growth",
    title=("WeChat's user growth slowed every year from <!-- fact:mau_2016 as-of year plain --> to "
           "<!-- fact:mau_2021 as-of year plain -->"),
    takeaway=("Monthly users grew <!-- fact:mau_growth_2016 --> in <!-- fact:mau_2016 as-of year plain --> "
              "but only <!-- fact:mau_growth_2021 --> in <!-- fact:mau_2021 as-of year plain -->; the "
              "article's <!-- fact:a_mau --> is the figure for the end of "
              "<!-- fact:mau_2020 as-of year plain -->."),
    description=("Bars of WeChat's monthly active users at each year end, with each year's growth written "
                 "above its bar. The first bar is hatched because it is an estimate from secondary "
                 "sources; the bar for the article's figure is in the accent colour."),
    height=420,
    source_note="Tencent annual results, as reported by",
)
def mau_growth(facts: Facts) -> go.Figure:
    pairs = [("mau_2016", "mau_growth_2016"), ("mau_2017", "mau_growth_2017_computed"),
             ("mau_2018", "mau_growth_2018_computed"), ("mau_2019", "mau_growth_2019_computed"),
             ("mau_2020_series", "mau_growth_2020_computed"), ("mau_2021", "mau_growth_2021_computed")]
    years = [(str(facts[mau].fact.as_of.year), mau, growth) for mau, growth in pairs]
    highlighted = str(facts["a_mau"].fact.as_of.year)
    estimates = {mau for _, mau, _ in years if facts[mau].confidence == "likely"}
    figure = new_figure(
        xaxis=dict(type="category"),
        yaxis=dict(showgrid=True, **count_axis(1.5e9, 0.5e9)),
        margin=dict(l=8, r=16, t=24, b=8),
    )
    colours = [ACCENT if year == highlighted else BLUE for year, _, _ in years]
    figure.add_trace(go.Bar(
        name="Monthly active users, year end", x=[year for year, _, _ in years],
        y=[facts.value(mau) for _, mau, _ in years], customdata=[f"{mau} {growth}" for _, mau, growth in years],
        marker=dict(color=colours, pattern=dict(
            shape=["/" if mau in estimates else "" for _, mau, _ in years],
            fgcolor=colours, bgcolor=TRANSPARENT, solidity=0.3)),
        text=[f"{facts.text(mau)}<br>+{facts.text(growth)}" + (" (estimate)" if mau in estimates else "")
              for _, mau, growth in years],
        textposition="outside", cliponaxis=False, textfont=dict(size=12), constraintext="none",
        hovertemplate="End of %{x}: %{text}<extra></extra>", width=0.6,
    ))
    # A numeric-looking category ("2020") would be read as a position: place the note by index.
    figure.add_annotation(x=[year for year, _, _ in years].index(highlighted), y=facts.value("a_mau"), yshift=52, showarrow=False,
                          text=f"the article's {facts.text('a_mau')}", font=dict(size=12, color=ACCENT))
    return figure


@charts.chart(
    "daily-use",
    title="On a given day, more WeChat users opened mini programs than posted to Moments",
    takeaway=("Against <!-- fact:mau_2020 --> monthly users, <!-- fact:daily_mini_programs --> used mini "
              "programs each day (<!-- fact:share_mini_programs -->); the figures come from different "
              "dates and sources."),
    description=("Horizontal bars comparing WeChat's monthly active users with the daily users of mini "
                 "programs, official accounts and Moments. Each daily bar is labelled with its share of "
                 "the monthly figure, a derived comparison of figures from different dates and sources."),
    height=360,
)
def daily_use(facts: Facts) -> go.Figure:
    rows = [("Monthly active users", "mau_2020", None), ("Mini programs, daily", "daily_mini_programs",
                                                         "share_mini_programs"),
            ("Official accounts, daily", "daily_official_accounts", "share_official_accounts"),
            ("Moments posts, daily", "daily_moments", "share_moments")]
    figure = new_figure(
        xaxis=dict(showgrid=True, **count_axis(2e9, 0.5e9)),
        yaxis=dict(showgrid=False, autorange="reversed"),
    )
    figure.add_trace(go.Bar(
        name="Users", orientation="h", y=[name for name, _, _ in rows], x=[facts.value(f) for _, f, _ in rows],
        customdata=[f"{fact} {share}" if share else fact for _, fact, share in rows],
        marker=dict(color=[NEUTRAL if share is None else BLUE for _, _, share in rows]),
        text=[facts.text(fact) + (f" · {facts.text(share)} of monthly users (derived)" if share else "")
              for _, fact, share in rows],
        textposition="outside", cliponaxis=False, textfont=dict(size=12),
        hovertemplate="%{y}: %{text}<extra></extra>", width=0.6,
    ))
    return figure


@charts.chart(
    "wecom-scale",
    title="WeCom is a small fraction of WeChat",
    takeaway=("WeCom had <!-- fact:wecom_active_users --> active users across "
              "<!-- fact:wecom_orgs --> organisations, <!-- fact:wecom_share_of_wechat --> of WeChat's "
              "monthly users."),
    description=("Two horizontal bars: WeChat's monthly active users at the end of the year and WeCom's "
                 "active users announced in December of that year, with a note giving the number of organisations using "
                 "WeCom."),
    height=300,
)
def wecom_scale(facts: Facts) -> go.Figure:
    rows = [("WeChat, monthly active users", "mau_2020"), ("WeCom, active users", "wecom_active_users")]
    figure = new_figure(
        xaxis=dict(showgrid=True, **count_axis(2e9, 0.5e9)),
        yaxis=dict(showgrid=False, autorange="reversed"),
    )
    figure.add_trace(go.Bar(
        name="Users", orientation="h", y=[name for name, _ in rows], x=[facts.value(f) for _, f in rows],
        customdata=["mau_2020", "wecom_active_users wecom_share_of_wechat wecom_orgs"],
        marker=dict(color=[NEUTRAL, ACCENT]),
        text=[facts.text("mau_2020"),
              f"{facts.text('wecom_active_users')} · {facts.text('wecom_share_of_wechat')} of WeChat (derived)"
              f"<br>used by {facts.text('wecom_orgs')} organisations"],
        textposition="outside", cliponaxis=False, textfont=dict(size=12), constraintext="none",
        hovertemplate="%{y}: %{text}<extra></extra>", width=0.55,
    ))
    return figure


@charts.chart(
    "qingfeng-targets",
    title="The article names only part of what the Qingfeng Plan targets",
    takeaway=("IT之家's report lists <!-- fact:plan_target_count --> kinds of content; the article "
              "mentions <!-- fact:plan_targets_in_article -->, and describes the penalties differently."),
    description=("A grid with one row for each thing the Qingfeng Plan targets and each penalty, and "
                 "two columns: IT之家's report and the article. A filled circle means the source mentions "
                 "it; a crossed square means the article mentions it in different words; an empty "
                 "circle means it is left out."),
    height=470,
)
def qingfeng_targets(facts: Facts) -> go.Figure:
    items = ["target_on_camera", "target_child_influencers", "target_tipping", "target_cult_cartoons",
             "target_sexualised_stickers", "target_suicide_content", "penalty_restrict", "penalty_delete",
             "penalty_permanent_ban"]
    # How the article covers each item: "same" words, "loose" (different words), or left out.
    article_words = {"penalty_permanent_ban": "same"}

    def label(fact_id: str) -> str:
        return wrap(facts.label(fact_id), 34)

    rows = [label(fact_id) for fact_id in items]
    source_column, article_column = "IT之家 report", "The article"
    figure = new_figure(
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
