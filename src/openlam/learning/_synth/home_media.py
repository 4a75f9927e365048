"""Function families for home and leisure: smart home, language, books, sport, media."""

from __future__ import annotations

from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag, opt
from openlam.learning._synth.values import (
    ARTISTS,
    AUTHORS,
    FOLDERS,
    MOVIES,
    PLAYERS,
    ROOMS,
    SONGS,
    TEAMS,
    cities,
    clock,
    dates,
    ints,
    pick,
    quoted,
    seasons,
    seeded,
)

_TRANSLATIONS = {
    "Where is the train station?": (
        "Où est la gare ?",
        "Wo ist der Bahnhof?",
        "¿Dónde está la estación de tren?",
        "Dov'è la stazione dei treni?",
        "Onde fica a estação de trem?",
    ),
    "Thank you for your help.": (
        "Merci pour votre aide.",
        "Danke für Ihre Hilfe.",
        "Gracias por tu ayuda.",
        "Grazie per il tuo aiuto.",
        "Obrigado pela sua ajuda.",
    ),
    "How much does this cost?": (
        "Combien ça coûte ?",
        "Wie viel kostet das?",
        "¿Cuánto cuesta esto?",
        "Quanto costa questo?",
        "Quanto custa isso?",
    ),
    "Happy birthday!": (
        "Joyeux anniversaire !",
        "Alles Gute zum Geburtstag!",
        "¡Feliz cumpleaños!",
        "Buon compleanno!",
        "Feliz aniversário!",
    ),
    "I would like a coffee, please.": (
        "Je voudrais un café, s'il vous plaît.",
        "Ich hätte gern einen Kaffee, bitte.",
        "Quisiera un café, por favor.",
        "Vorrei un caffè, per favore.",
        "Eu queria um café, por favor.",
    ),
}
_TARGETS = {
    "fr": ("French",),
    "de": ("German",),
    "es": ("Spanish",),
    "it": ("Italian",),
    "pt": ("Portuguese",),
}
_WRITTEN_IN = {
    text: code for row in _TRANSLATIONS.values() for code, text in zip(_TARGETS, row, strict=True)
}
_WRITTEN_IN |= dict.fromkeys(_TRANSLATIONS, "en")
_WORDS = {
    "serendipity": "finding something good without looking for it",
    "ephemeral": "lasting a very short time",
    "ubiquitous": "found everywhere",
    "meticulous": "very careful and precise",
    "candid": "truthful and straightforward",
    "pragmatic": "dealing with things sensibly and realistically",
    "eloquent": "fluent and persuasive in speaking or writing",
    "resilient": "able to recover quickly from difficulties",
}
_TOPICS = {
    "technology": ("tech", "technology"),
    "business": ("business",),
    "sports": ("sports",),
    "science": ("science",),
    "health": ("health",),
    "world": ("world",),
}


_LEAGUES = {
    "premier_league": ("Arsenal", "Liverpool", "Manchester City", "Chelsea"),
    "la_liga": ("Real Madrid", "FC Barcelona", "Atlético Madrid"),
    "bundesliga": ("Bayern Munich", "Borussia Dortmund", "Bayer Leverkusen"),
    "serie_a": ("Juventus", "Inter Milan", "Napoli"),
    "nba": ("Boston Celtics", "Denver Nuggets", "Golden State Warriors"),
    "nfl": ("Kansas City Chiefs", "San Francisco 49ers", "Buffalo Bills"),
}
_LEAGUE_SAYS = {
    "premier_league": ("the Premier League",),
    "la_liga": ("La Liga",),
    "bundesliga": ("the Bundesliga",),
    "serie_a": ("Serie A",),
    "nba": ("the NBA",),
    "nfl": ("the NFL",),
}
_CITY = cities()
_CITY_ARG = {"aliases": ("location", "city_name")}
_DATE = dates()
_HEADLINES = {
    "technology": ("New battery design doubles range", "Chipmaker unveils low-power AI processor"),
    "business": ("Markets steady ahead of rate decision", "Retail sales beat expectations"),
    "sports": ("City marathon breaks attendance record", "Underdogs reach the cup final"),
    "science": ("Telescope spots water vapour on distant planet", "New species found in deep sea"),
    "health": ("Study links sleep and memory", "Walking daily cuts heart risk, study finds"),
    "world": ("Leaders agree on ocean protection pact", "Floods ease as rivers recede"),
}


def _translate(text: str, target_language: str) -> dict[str, Any]:
    row = _TRANSLATIONS.get(text)
    if row is None:
        raise ValueError(
            f"this phrasebook cannot translate {text!r}; it knows: " + " | ".join(_TRANSLATIONS)
        )
    return {
        "target_language": target_language,
        "translation": row[list(_TARGETS).index(target_language)],
    }


def _detect(text: str) -> dict[str, Any]:
    code = _WRITTEN_IN.get(text)
    if code is None:
        raise ValueError(f"cannot tell the language of {text!r}; give a whole sentence")
    return {"language": code}


def _define(word: str) -> dict[str, Any]:
    meaning = _WORDS.get(word.lower())
    if meaning is None:
        raise ValueError(f"{word!r} is not in the dictionary")
    return {"word": word, "definition": meaning}


def _lights(room: str, on: bool, brightness: int | None) -> dict[str, Any]:
    state = "off" if not on else "on" if brightness is None else f"on at {brightness}%"
    return {"room": room, "state": state}


def _standings(league: str, season: str | None) -> dict[str, Any]:
    rng = seeded("standings", league, season)
    return {
        "league": league,
        "season": season or "current",
        "leader": rng.choice(_LEAGUES[league]),
        "points": rng.randint(40, 95),
    }


def _match(team: str, date: str | None) -> dict[str, Any]:
    rng = seeded("match", team, date)
    opponent = rng.choice([t for t in TEAMS if t != team])
    return {"team": team, "opponent": opponent, "score": f"{rng.randint(0, 4)}-{rng.randint(0, 4)}"}


def _search_books(author: Any, limit: Any) -> dict[str, Any]:
    r = seeded(author)
    return {
        "author": author,
        "count": r.randint(1, limit),
        "top": f"The {r.choice(('Silent', 'Last', 'Hidden'))}"
        f" {r.choice(('River', 'Garden', 'Letter'))}",
    }


def _player_stats(player: Any, season: Any) -> dict[str, Any]:
    r = seeded(player, season)
    return {
        "player": player,
        "appearances": r.randint(10, 80),
        "rating": round(r.uniform(6, 9.5), 1),
    }


def _movie_details(title: Any, year: Any) -> dict[str, Any]:
    r = seeded("movie", title)
    return {
        "title": title,
        "runtime_minutes": r.randint(85, 170),
        "rating": round(r.uniform(6.5, 9), 1),
    }


def _movie_showtimes(title: Any, city: Any, date: Any) -> dict[str, Any]:
    r = seeded(title, city, date)
    return {
        "title": title,
        "cinema": f"{r.choice(('Rex', 'Odeon', 'Lux', 'Regal'))} Cinema",
        "times": sorted({clock(r, 12, 22) for _ in range(3)}),
    }


HOME_FAMILIES = (
    Family(
        key="set_thermostat",
        domain="home",
        names=("set thermostat", "thermostat set", "set temperature"),
        docs=("Set the heating or cooling target temperature.",),
        params=(
            arg(
                "temperature",
                "number",
                "Target in °C.",
                ints(16, 26),
                lo=10,
                hi=30,
                aliases=("target", "degrees"),
            ),
            choice(
                "mode",
                "Mode.",
                {"heat": ("heating",), "cool": ("cooling",), "auto": ("auto",)},
                default="auto",
            ),
        ),
        clauses=(
            "set the thermostat to {temperature} degrees[ on {mode}]",
            "change the target temperature to {temperature}°C[ in {mode} mode]",
        ),
        answer="Thermostat at {temperature} degrees ({mode}).",
        run=lambda temperature, mode: {"temperature": temperature, "mode": mode},
        repeat_by=None,
    ),
    Family(
        key="set_lights",
        domain="home",
        names=("set lights", "switch light", "control lights"),
        docs=("Switch the lights of a room, optionally dimmed.",),
        params=(
            arg("room", "string", "Room.", pick(ROOMS), aliases=("area", "location")),
            flag("on", "On or off.", ("turn on",), ("turn off",), aliases=("power",)),
            opt(
                "brightness",
                "integer",
                "Percent.",
                ints(10, 90),
                None,
                lo=0,
                hi=100,
                aliases=("level",),
            ),
        ),
        clauses=(
            "{on} the {room} lights[ at {brightness}% brightness]",
            "{on} the lights in the {room}",
        ),
        answer="The {room} lights are {state}.",
        run=_lights,
        valid=lambda a: a["on"] or a["brightness"] is None,
        repeat_by="room",
    ),
    Family(
        key="lock_door",
        domain="home",
        names=("lock door", "door lock", "set door lock"),
        docs=("Lock or unlock a door.",),
        params=(
            choice(
                "door",
                "Which door.",
                {"front": ("front",), "back": ("back",), "garage": ("garage",)},
            ),
            flag("locked", "Lock rather than unlock.", ("lock",), ("unlock",), aliases=("lock",)),
        ),
        clauses=("{locked} the {door} door",),
        answer="The {door} door is {state}.",
        run=lambda door, locked: {"door": door, "state": "locked" if locked else "unlocked"},
        repeat_by="door",
    ),
)

LANGUAGE_FAMILIES = (
    Family(
        key="translate",
        domain="language",
        names=("translate text", "translate", "translation"),
        docs=("Translate an English phrase.",),
        params=(
            arg(
                "text",
                "string",
                "English text.",
                quoted(tuple(_TRANSLATIONS)),
                aliases=("source_text", "phrase"),
            ),
            choice(
                "target_language",
                "Language code.",
                _TARGETS,
                aliases=("to_language", "target_lang"),
                noun="target language",
            ),
        ),
        clauses=("translate {text}[ into {target_language}]", "say {text} in {target_language}"),
        questions=("How do you say {text} in {target_language}?",),
        answer="In {target_language}: {translation}",
        run=_translate,
    ),
    Family(
        key="detect_language",
        domain="language",
        names=("detect language", "identify language", "language detect"),
        docs=("The language a text is written in (ISO code).",),
        params=(
            arg("text", "string", "The text.", quoted(tuple(_WRITTEN_IN)), aliases=("sentence",)),
        ),
        clauses=("detect the language of {text}", "figure out which language {text} is in"),
        questions=("What language is {text}?",),
        answer="It is written in {language}.",
        run=_detect,
    ),
    Family(
        key="define_word",
        domain="language",
        names=("define word", "dictionary lookup", "get definition"),
        docs=("The meaning of an English word.",),
        params=(arg("word", "string", "The word.", pick(tuple(_WORDS)), aliases=("term",)),),
        clauses=("look up the definition of {word}", "define {word}"),
        questions=("What does {word} mean?",),
        answer="{word}: {definition}.",
        run=_define,
    ),
    Family(
        key="search_books",
        domain="books",
        names=("search books", "find books", "book search"),
        docs=("Books by an author.",),
        params=(
            arg("author", "string", "Author name.", pick(AUTHORS), aliases=("writer",)),
            opt(
                "limit",
                "integer",
                "Most results.",
                ints(2, 10),
                5,
                lo=1,
                hi=50,
                aliases=("max_results",),
            ),
        ),
        clauses=(
            "find books by {author}[, at most {limit}]",
            "search for[ {limit}] books written by {author}",
        ),
        answer="{count} books by {author}; top: {top}.",
        run=_search_books,
        repeat_by="author",
    ),
    Family(
        key="list_files",
        domain="files",
        names=("list files", "list directory", "ls"),
        docs=("Files in a folder, optionally filtered by extension.",),
        params=(
            arg("directory", "string", "Folder path.", pick(FOLDERS), aliases=("path", "folder")),
            opt(
                "extension",
                "string",
                "Only this extension.",
                pick((".pdf", ".txt", ".csv", ".py")),
                None,
                aliases=("suffix",),
            ),
            flag(
                "recursive",
                "Include subfolders.",
                (" including subfolders",),
                (" without subfolders",),
                default=False,
            ),
        ),
        clauses=(
            "list the[ {extension}] files in {directory}[{recursive}]",
            "show what's in {directory}[{recursive}]",
        ),
        answer="{count} files in {directory}.",
        run=lambda directory, extension, recursive: {
            "directory": directory,
            "count": seeded(directory, extension, recursive).randint(0, 40),
        },
    ),
    Family(
        key="news_headlines",
        domain="news",
        names=("get news", "top headlines", "news headlines"),
        docs=("Top news headlines on a topic.",),
        params=(
            choice("topic", "Topic.", _TOPICS, aliases=("category",)),
            opt(
                "count",
                "integer",
                "Headlines wanted.",
                ints(2, 10),
                5,
                lo=1,
                hi=20,
                aliases=("limit",),
            ),
        ),
        clauses=(
            "get the top[ {count}] {topic} headlines",
            "show me {topic} news[, {count} stories]",
        ),
        answer="Top {topic} story: {headline}",
        run=lambda topic, count: {
            "topic": topic,
            "headline": seeded(topic, count).choice(_HEADLINES[topic]),
        },
    ),
)

FUN_FAMILIES = (
    Family(
        key="match_result",
        domain="sports",
        names=("get match result", "last match", "game score"),
        docs=("Score of a team's latest match (or the match on a date).",),
        params=(
            arg("team", "string", "Team name.", pick(TEAMS), aliases=("club",)),
            opt("date", "string", "Match day.", _DATE, None, form="date"),
        ),
        clauses=("get the score of {team}'s last game", "check how {team} did[ on {date}]"),
        answer="{team} vs {opponent}: {score}.",
        run=_match,
    ),
    Family(
        key="league_standings",
        domain="sports",
        names=("get standings", "league table", "league standings"),
        docs=("Who leads a league.",),
        params=(
            choice("league", "League.", _LEAGUE_SAYS, aliases=("competition",)),
            opt("season", "string", "Season such as 2023-24.", seasons(), None),
        ),
        clauses=(
            "show the standings of {league}[ for the {season} season]",
            "tell me who leads {league}[ in {season}]",
        ),
        answer="{leader} leads with {points} points.",
        run=_standings,
    ),
    Family(
        key="player_stats",
        domain="sports",
        names=("get player stats", "player statistics", "athlete stats"),
        docs=("Season statistics of an athlete.",),
        params=(
            arg("player", "string", "Full name.", pick(PLAYERS), aliases=("athlete",)),
            opt("season", "string", "Season such as 2023-24.", seasons(), None),
        ),
        clauses=("get the stats for {player}[ in the {season} season]",),
        answer="{player}: {appearances} appearances, rating {rating}.",
        run=_player_stats,
    ),
    Family(
        key="play_song",
        domain="media",
        names=("play song", "play music", "start playback"),
        docs=("Play a song on the speaker.",),
        params=(
            arg("song", "string", "Song title.", pick(SONGS), aliases=("track", "title")),
            opt("artist", "string", "Performer.", pick(ARTISTS), None, aliases=("by",)),
            flag(
                "shuffle",
                "Shuffle afterwards.",
                (" and shuffle afterwards",),
                (" without shuffle",),
                default=False,
            ),
        ),
        clauses=("play {song}[ by {artist}][{shuffle}]", "put on {song}[ by {artist}]"),
        answer="Now playing {now_playing} by {artist}.",
        run=lambda song, artist, shuffle: {
            "now_playing": song,
            "artist": artist or seeded(song).choice(ARTISTS),
            "shuffle": shuffle,
        },
        repeat_by=None,
    ),
    Family(
        key="movie_details",
        domain="media",
        names=("get movie details", "movie info", "film details"),
        docs=("Director, runtime and rating of a film.",),
        params=(
            arg("title", "string", "Film title.", pick(MOVIES), aliases=("movie",)),
            opt("year", "integer", "Release year.", ints(1940, 2023), None, lo=1888, hi=2030),
        ),
        clauses=(
            "get details about the film {title}[ from {year}]",
            "look up the movie {title}[ ({year})]",
        ),
        answer="{title}: {runtime_minutes} minutes, rated {rating}.",
        run=_movie_details,
    ),
    Family(
        key="movie_showtimes",
        domain="media",
        names=("get showtimes", "movie showtimes", "cinema times"),
        docs=("Where and when a film plays in a city.",),
        params=(
            arg("title", "string", "Film title.", pick(MOVIES), aliases=("movie",)),
            arg("city", "string", "City.", _CITY, **_CITY_ARG),
            opt("date", "string", "Day.", _DATE, None, form="date"),
        ),
        clauses=(
            "find showtimes for {title} in {city}[ on {date}]",
            "check when {title} is playing[ in {city}][ on {date}]",
        ),
        answer="{title} plays at {cinema} at {times}.",
        run=_movie_showtimes,
    ),
)
