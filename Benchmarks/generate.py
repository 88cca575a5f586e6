#!/usr/bin/env python3
"""Deterministic, streamed generators of the benchmark's data files (Python standard library only).

    python3 Benchmarks/generate.py recipients N OUT.csv [--seed S]
    python3 Benchmarks/generate.py catalogue N OUT.csv [--seed S]
    python3 Benchmarks/generate.py disclosures N OUT.csv --works W [--seed S]

Every value is a pure function of (seed, row number): the same arguments write the same bytes, and
a row can name again the work of an earlier row without remembering it. Rows are written in
batches, so memory stays bounded whatever N is (10,000,000 disclosures: about 1 GB, a minute or so).

Recipients: unique firm names (accents, CJK, Cyrillic, commas), 98% ai-developer, 1.5%
streaming-service, 0.5% other, ISO countries, e-mails, contacts, and one in twenty an affiliate
whose parent is the recipient a few rows above it.

Catalogue (columns of Sources/OptOutKit/Files/CatalogFile.swift): work i has a unique ISRC of the
ISO 3901 form (half written with hyphens), one in three an ISWC with its check digit, and a
(title, artist) pair unique in the catalogue.

Disclosures (SPEC section 5), row r of N against a catalogue of W works:
  68% name catalogue work (r * 7919) mod W by ISRC, title and artist (matched by ISRC);
  14% name a catalogue work by title and artist only, a fifth of them in capitals (matched by
      title and artist, once folded);
  12% name a work the catalogue does not hold (unknown; most with an ISRC of registrant X..);
   6% name again the work of a row up to 5,000 rows above, complete (superseding in the file);
  8% of rows leave one requested item empty (incomplete). With N > W catalogue works repeat, so
  the 10,000,000-row file supersedes most of its rows.
"""
import argparse
import os
import sys

VERSION = 1  # bump when the bytes written change: the cache is keyed by it

BATCH = 20000
MASK = (1 << 64) - 1


def mix(x):
    """A 64-bit mixer (splitmix64's finaliser): a well-spread pseudo-random number for x."""
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & MASK
    x = (x ^ (x >> 27)) * 0x94D049BB133111EB & MASK
    return x ^ (x >> 31)


def csv_cell(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def b36(n, width):
    out = ""
    for _ in range(width):
        out = B36[n % 36] + out
        n //= 36
    return out


# --- word lists -------------------------------------------------------------------------------

FIRM_A = ["Müller", "Ærø", "Škoda", "Société", "Nordlys", "Quill", "Kestrel", "Harbour", "Meridian", "Lumen",
          "Vektor", "Åsgard", "Čapek", "Zürich", "Øresund", "Cielo", "Aurora", "Basalt", "Cobalt", "Delta",
          "Ember", "Fjord", "Granite", "Helix", "Iris", "Jade", "Kairos", "Lyra", "Mistral", "Nimbus",
          "Onyx", "Prism", "Quartz", "Rune", "Sable", "Tessera", "Umbra", "Vela", "Wren", "Xenon",
          "Yarrow", "Zephyr", "Ángel", "Élan", "Ñandú", "Ōkami", "Štěpán", "Łódź", "Ğalata", "Þór",
          "深圳", "東京", "서울", "Москва", "Київ", "Αθήνα", "Tel Aviv", "São Paulo", "Kraków", "Besançon",
          "Århus", "Göteborg", "Reykjavík", "Bilbao", "Porto", "Lagos", "Nairobi", "Accra", "Pune", "Osaka",
          "Monterrey", "Medellín", "Valparaíso", "Hobart", "Dunedin", "Tromsø", "Tartu", "Vilnius", "Brno", "Graz",
          "Lyon", "Gent", "Utrecht", "Basel", "Turin", "Sevilla", "Cork", "Leeds", "Austin", "Denver",
          "Halifax", "Québec", "Oaxaca", "Cusco", "Rosario", "Bergen", "Malmö"]
FIRM_B = ["KI", "AI", "Audio Intelligence", "Sound Labs", "Générative", "Neural Audio", "Music Models",
          "Machine Listening", "Deep Sound", "Signal", "Voice", "Synth", "Acoustics", "Data", "Research",
          "Analytics", "Robotics", "Compute", "Learning", "Cognition", "Vision", "Streams", "Radio",
          "Media", "Records", "Sonic", "Harmonics", "Tonal", "Waveform", "Spectral", "Cadence", "Tempo",
          "Rhythm", "Melody", "Chorus", "Phonics", "Resonance", "Timbre", "Echo", "Reverb", "Studio",
          "Foundry", "Works", "Systems", "Technologies", "Dynamics", "Networks", "Platforms", "Cloud",
          "Semantics", "Tensor", "Vector", "Latent", "Diffusion", "Transformer", "Token", "Corpus",
          "Dataset", "Pipeline", "Inference", "Gradient", "Kernel", "Matrix", "Lattice", "Manifold",
          "Fourier", "Nyquist", "Hertz", "Decibel", "Octave", "Cantus", "Fugue", "Motet", "Sonata",
          "Rondo", "Étude", "Nocturne", "Ballade", "Scherzo", "Toccata", "Prélude", "Partita", "Suite",
          "Canon", "Chorale", "Madrigal", "Anthem", "Ragtime"]
FIRM_FORM = ["GmbH", "ApS", "s.r.o.", "SAS", "Ltd", "Inc.", "LLC", "AB", "AS", "Oy", "BV", "S.p.A.", "S.A.",
             "Pty Ltd", "K.K.", "Sp. z o.o.", "AG", "SE", "plc", "Co., Ltd."]
COUNTRIES = ["US", "GB", "DE", "FR", "JP", "CN", "CA", "KR", "IN", "SE", "NL", "CH", "IL", "DK", "FI", "NO",
             "ES", "IT", "IE", "AU", "BR", "MX", "PL", "CZ", "EE", "SG", "TW", "UA", "IS", "NZ"]
GIVEN = ["Ada", "Björn", "Chloé", "Dmitri", "Eitan", "Fatima", "Grete", "Hiro", "Inès", "Jürgen", "Kwame",
         "Léa", "Mateo", "Nadia", "Øystein", "Priya", "Quentin", "Rūta", "Søren", "Tomás", "Ulla", "Věra",
         "Wen", "Ximena", "Yusuf", "Zoë", "Анна", "Сергей", "美咲", "민준", "Sólveig", "Aurelio", "Noor",
         "Cassiel", "Mara", "Lena", "Anouk", "Ines", "Ezra", "Freya", "Gideon", "Hana", "Ivo", "Jonas",
         "Kaia", "Luca", "Mira", "Nico", "Olga", "Pía"]
FAMILY = ["Quill", "Ár", "Belair", "Sørensen", "Méndez", "Calder", "Novák", "Kowalski", "O'Neill", "Nakamura",
          "García", "Dubois", "Schäfer", "Virtanen", "Andersson", "Haddad", "Okafor", "Rossi", "Silva",
          "Ivanova", "Park", "Chen", "Singh", "Cohen", "Murphy", "Jensen", "Horváth", "Popescu", "Yılmaz",
          "Petrović", "de la Cruz", "van Dijk", "Fitzgerald", "MacLeod", "Lindqvist", "Þórsdóttir",
          "Łukasiewicz", "Dvořák", "Kristensen", "Bianchi", "Moreau", "Lefèvre", "Santos", "Costa",
          "Ferreira", "Tanaka", "Suzuki", "Kim", "Lee", "Wang"]
BANDS = ["The Lanterns", "DJ Kestrel", "Noor", "Cassiel", "Velvet Static", "Paper Tigers", "Salt & Silver",
         "Los Hermanos Ríos", "Sigur Ósk", "北京 Echo", "Moonlit Radio", "Glass Harbour", "Neon Tide",
         "The Quiet Hours", "Électrique", "Hollow Pines", "Golden Meridian", "Broken Compass",
         "Midnight Choir", "Ferro & Fumo"]
ARTISTS = [f"{g} {f}" for g in GIVEN for f in FAMILY] + BANDS  # 2,520 artists
T_FIRST = ["Neon", "Glass", "Velvet", "Paper", "Silver", "Hollow", "Golden", "Midnight", "Salt", "Électric",
           "Quiet", "Broken", "Crimson", "Distant", "Electric", "Fading", "Gentle", "Heavy", "Iron", "Jasmine",
           "Lonely", "Marble", "Northern", "Open", "Pale", "Restless", "Secret", "Tender", "Violet", "Wild",
           "Amber", "Burning", "Cold", "Dancing", "Endless", "Falling", "Ghost", "Hidden", "Invisible", "Lucid"]
T_SECOND = ["Harbour", "Meridian", "Static", "Lanterns", "Rivers", "Hearts", "Highway", "Skyline", "Echoes",
            "Tides", "Mirrors", "Gardens", "Horizons", "Islands", "Letters", "Mountains", "Nights", "Oceans",
            "Pages", "Rooms", "Shadows", "Summers", "Trains", "Valleys", "Voices", "Waves", "Windows",
            "Winters", "Birds", "Cities", "Dreams", "Engines", "Fires", "Flowers", "Forests", "Lights",
            "Maps", "Moons", "Roads", "Stars"]
T_TAIL = ["", " (Remastered)", " (Live)", " (Acoustic)", ", Part II", " (feat. Noor)", " — Reprise",
          " (Radio Edit)", " in D Minor", " No. 2", " (Demo)", " \"Unplugged\"", " [Extended Mix]",
          " (Café Version)", " II", " III", " (Interlude)", " (Night Version)", " (1999)", " Suite"]
TITLES = [f"{a} {b}{t}" for t in T_TAIL for a in T_FIRST for b in T_SECOND]  # 32,000 titles
OWNERS = ["Harmonia Records UK", "Harmonia Music France", "Harmonia Publishing", "Harmonia Nordic AB",
          "Harmonia Música S.L.", "Harmonia Japan K.K."]
ISRC_COUNTRIES = ["GB", "US", "FR", "DE", "SE", "QM", "QZ", "JP", "ES", "NL"]
METHODS = ["web-scrape", "streaming-service", "licensed-dataset", "third-party-dataset", "purchased",
           "user-upload", "other"]
METHOD_WEIGHTS = [40, 15, 15, 15, 5, 5, 5]
METHOD_TABLE = [m for m, w in zip(METHODS, METHOD_WEIGHTS) for _ in range(w)]  # 100 entries
JUSTIFICATIONS = ["pre-training corpus", "fine-tuning, vocal model", "evaluation set",
                  "text and data mining exception (Art. 4 DSM Directive)", "licensed under agreement 2023-117",
                  "\"fair use\" research", "deduplication index", "retrieval augmentation", "safety filtering",
                  "benchmarking; deleted after use"]


def date_pairs():
    """1,000 (held_from, held_until) pairs, until never before from."""
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    pairs = []
    for k in range(1000):
        y, m = 2020 + k % 5, 1 + k * 7 % 12
        d = 1 + k * 13 % days[m - 1]
        y2 = y + 1 + k % 3
        pairs.append((f"{y}-{m:02d}-{d:02d}", f"{y2}-{m:02d}-{min(d, 28):02d}"))
    return pairs


DATE_PAIRS = date_pairs()


def write_batches(path, header, rows):
    """Writes header and every batch of lines `rows` yields to path, through a temporary file renamed
    at the end, so an interrupted run never leaves a half file that looks finished."""
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        for batch in rows:
            f.write(batch)
    os.replace(tmp, path)


# --- recipients -------------------------------------------------------------------------------

def recipient_name(i):
    a, rest = i % len(FIRM_A), i // len(FIRM_A)
    b, rest = rest % len(FIRM_B), rest // len(FIRM_B)
    form, rest = FIRM_FORM[rest % len(FIRM_FORM)], rest // len(FIRM_FORM)
    name = f"{FIRM_A[a]} {FIRM_B[b]} {form}"
    return name if rest == 0 else f"{name} {rest + 1}"


def slug(text):
    out = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-") or "firm"


def recipients(n, seed):
    def batches():
        lines = []
        for i in range(n):
            h = mix(seed * 1_000_003 + i)
            k = h % 1000
            category = "ai-developer" if k < 980 else ("streaming-service" if k < 995 else "other")
            name = recipient_name(i)
            country = COUNTRIES[(h >> 10) % len(COUNTRIES)] if (h >> 20) % 10 else ""
            email = f"legal{i}@{slug(name)}.example" if (h >> 24) % 20 else ""
            contact = f"{GIVEN[(h >> 30) % len(GIVEN)]} {FAMILY[(h >> 36) % len(FAMILY)]}"
            parent = recipient_name(i - 1 - (h >> 42) % 5) if i >= 6 and i % 20 == 7 else ""
            lines.append(f"{csv_cell(name)},{category},{country},{email},{csv_cell(contact)},{csv_cell(parent)}\r\n")
            if len(lines) == BATCH:
                yield "".join(lines)
                lines = []
        yield "".join(lines)
    return "name,category,country,email,contact,parent\r\n", batches()


# --- catalogue --------------------------------------------------------------------------------

def work_isrc(i, hyphens):
    block = i // 100000
    country = ISRC_COUNTRIES[block % len(ISRC_COUNTRIES)]
    registrant = "H" + b36(block, 2)
    year = f"{(90 + block * 3 + i % 7) % 100:02d}"
    number = f"{i % 100000:05d}"
    return f"{country}-{registrant}-{year}-{number}" if hyphens else f"{country}{registrant}{year}{number}"


def work_title_artist(i):
    """A (title, artist) pair unique among the first len(ARTISTS) * len(TITLES) works."""
    a = i % len(ARTISTS)
    t = (i // len(ARTISTS) + a * 7) % len(TITLES)
    return TITLES[t], ARTISTS[a]


def iswc(k):
    d = f"{k:09d}"
    s = 1 + sum((j + 1) * int(c) for j, c in enumerate(d))
    return f"T-{d[0:3]}.{d[3:6]}.{d[6:9]}-{(10 - s % 10) % 10}"


def catalogue(n, seed):
    if n > len(ARTISTS) * len(TITLES):
        sys.exit(f"error: at most {len(ARTISTS) * len(TITLES)} works can have unique titles and artists")

    def batches():
        lines = []
        for i in range(n):
            h = mix(seed * 1_000_003 + i)
            title, artist = work_title_artist(i)
            code = iswc(i) if i % 3 == 0 else ""
            owner = OWNERS[h % len(OWNERS)]
            released = f"{1990 + (h >> 8) % 35}" if (h >> 16) % 2 else \
                f"{1990 + (h >> 8) % 35}-{1 + (h >> 20) % 12:02d}-{1 + (h >> 24) % 28:02d}"
            lines.append(f"{csv_cell(title)},{csv_cell(artist)},{work_isrc(i, i % 2 == 0)},{code},"
                         f"{csv_cell(owner)},{released}\r\n")
            if len(lines) == BATCH:
                yield "".join(lines)
                lines = []
        yield "".join(lines)
    return "title,artist,isrc,iswc,owner,released\r\n", batches()


# --- disclosures ------------------------------------------------------------------------------

def disclosed_work(r, works, seed):
    """The (title, artist, isrc) row r names; repeats name a row above again."""
    h = mix(seed * 1_000_003 + r)
    kind = h % 100
    if kind >= 94 and r > 0:
        r = max(0, r - 1 - (h >> 8) % 5000)
        h = mix(seed * 1_000_003 + r)
        kind = h % 94
    w = r * 7919 % works
    if kind < 68:
        title, artist = work_title_artist(w)
        return title, artist, work_isrc(w, (h >> 14) % 2 == 0)
    if kind < 82:
        title, artist = work_title_artist(w)
        return (title.upper() if (h >> 14) % 5 == 0 else title), artist, ""
    # A work the catalogue does not hold: an artist outside it, an ISRC of registrant X...
    title = TITLES[(h >> 14) % len(TITLES)]
    artist = f"{FAMILY[(h >> 30) % len(FAMILY)]} Unsigned {r % 1000}"
    isrc = f"ZZX{b36(r // 100000 % 1296, 2)}{(h >> 40) % 100:02d}{r % 100000:05d}" if (h >> 20) % 4 else ""
    return title, artist, isrc


def disclosures(n, works, seed):
    def batches():
        lines = []
        pairs, methods, justs = DATE_PAIRS, METHOD_TABLE, JUSTIFICATIONS
        for r in range(n):
            title, artist, isrc = disclosed_work(r, works, seed)
            g = mix(seed * 7_000_003 + r)
            held_from, held_until = pairs[g % 1000]
            exist = (g >> 21) % 3 != 0
            # Copies still held: half the time no held_until (complete all the same).
            cells = [methods[(g >> 10) % 100], str(1 + (g >> 17) % 12), "yes" if exist else "no",
                     held_from, "" if exist and (g >> 23) % 2 else held_until, csv_cell(justs[(g >> 26) % 10])]
            if (g >> 32) % 100 < 8 and mix(seed * 1_000_003 + r) % 100 < 94:  # incomplete, unless a repeat
                cells[(g >> 40) % 6] = ""
            lines.append(f"{csv_cell(title)},{csv_cell(artist)},{isrc},{','.join(cells)}\r\n")
            if len(lines) == BATCH:
                yield "".join(lines)
                lines = []
        yield "".join(lines)
    return ("title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\r\n",
            batches())


def main():
    parser = argparse.ArgumentParser(description="Write one benchmark data file.")
    parser.add_argument("kind", choices=["recipients", "catalogue", "disclosures"])
    parser.add_argument("rows", type=int)
    parser.add_argument("out")
    parser.add_argument("--works", type=int, default=1_000_000, help="catalogue size the disclosures name")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.kind == "recipients":
        header, rows = recipients(args.rows, args.seed)
    elif args.kind == "catalogue":
        header, rows = catalogue(args.rows, args.seed)
    else:
        header, rows = disclosures(args.rows, args.works, args.seed)
    write_batches(args.out, header, rows)


if __name__ == "__main__":
    main()
