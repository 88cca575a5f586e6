import OptOutKit

/// The word lists the demo builds its fictional firms, people and works from. Every name here is
/// invented; none is meant to be, or to resemble, a real company, artist or recording.
enum DemoNames {
    // MARK: - Firms

    /// First words of an English-style AI firm name.
    static let stems = [
        "Vector", "Lyre", "Quanta", "Nimbus", "Cadence", "Helix", "Aurora", "Cobalt", "Fathom", "Lattice",
        "Meridian", "Orbit", "Prism", "Pulse", "Quill", "Resonant", "Sable", "Tessera", "Umbra", "Willow",
        "Zephyr", "Arbor", "Beacon", "Cinder", "Ember", "Flux", "Granite", "Harbor", "Juniper", "Kestrel",
        "Parallax", "Quasar", "Rune", "Sonic", "Unison", "Vesper", "Xenon", "Yarrow", "Zenith", "Acorn",
        "Basalt", "Cirrus", "Drift", "Fable", "Glyph", "Halcyon", "Indigo", "Kinetic", "Loom", "Mirth",
        "Nebula", "Octave", "Pylon", "Quorum", "Signal", "Timbre", "Vellum", "Obsidian", "Lodestar", "Cypress",
        "Marlin", "Heron", "Saffron", "Talon", "Aster", "Bramble", "Copper", "Dune", "Fennel", "Gossamer",
        "Hollow", "Iris", "Jetty", "Kelp", "Larkspur", "Nectar", "Oriel", "Pebble", "Quartz",
        "Rook", "Solace", "Thistle", "Umber", "Verdant", "Wren", "Yonder", "Alder", "Briar", "Corvid",
    ]

    /// Second words of an English-style AI firm name.
    static let seconds = [
        "Lyre", "Mind", "Neural", "Forge", "Logic", "Signal", "Tone", "Sense", "Field", "Stack", "Shift",
        "Loop", "Vision", "Voice", "Spark", "Grid", "Path", "Core", "Thread", "Canvas", "Chord", "Frame",
        "Horizon", "Kernel", "Cortex", "Wave", "Lens", "Atlas", "Vector", "Harmonic", "Echo", "Motif",
    ]

    /// Endings glued to a stem for one-word names (`Cobaltverse`).
    static let gluedEndings = [
        "mind", "ware", "wave", "sense", "loop", "forge", "stack", "tone", "sync", "verse",
        "scape", "gram", "works", "io", "ify", "base", "net",
    ]

    /// What an AI firm calls itself after its name.
    static let kinds = [
        "Labs", "AI", "Systems", "Research", "Technologies", "Intelligence", "Robotics", "Analytics",
        "Studio", "Dynamics", "Audio", "Machines", "Learning", "Models",
    ]

    /// First words of a streaming service's name.
    static let streamingStems = [
        "Tidewave", "Sonora", "Brightline", "Groovebox", "Velvet", "Mellow", "Cadenza", "Lumo", "Aria", "Ritmo",
        "Melodia", "Bassline", "Vinylia", "Encore", "Tempo", "Nightjar", "Skylark", "Marimba", "Cantus", "Jukebox",
        "Bandstand", "Lullaby", "Overture", "Reverb", "Stereo", "Mixtape", "Backbeat", "Treble", "Downbeat", "Kora",
        "Sitar", "Tabla", "Calypso", "Bolero", "Zither", "Hi-Fi Harbour", "Gramophone", "Piccolo", "Cornet", "Fanfare",
    ]

    /// Second words of a streaming service's name.
    static let streamingKinds = ["Music", "Stream", "Audio", "Play", "Radio", "Tunes", "Live", "Sound", "FM", "Listen"]

    /// Recipients of category `other`: dataset brokers, archives, monitoring firms. No campaign
    /// addresses them; they show that a recipient can wait for a later campaign.
    static let others: [(name: String, country: String, domain: String)] = [
        ("Open Audio Corpus Foundation", "NL", "openaudiocorpus.org"),
        ("Sample Vault Data Brokers Ltd", "GB", "samplevault.co.uk"),
        ("Chorus Dataset Exchange B.V.", "NL", "chorusdata.nl"),
        ("Archiv für Klangforschung e.V.", "DE", "klangarchiv.de"),
        ("Lyric Index Co-operative", "IE", "lyricindex.ie"),
        ("Mediathèque Sonore Numérique", "FR", "mediatheque-sonore.fr"),
    ]

    // MARK: - Countries

    /// How firms of one country are named and reached.
    struct Country: Sendable {
        /// ISO 3166-1 alpha-2.
        let code: String
        /// Relative share of the AI developers, and of the streaming services.
        let aiWeight: Int
        let streamingWeight: Int
        /// Top-level domains its firms use.
        let domains: [String]
        /// Legal forms appended to a name; an empty string is a name without one.
        let legalForms: [String]
        /// Percent of its firms named in the local style (`Müller KI GmbH`).
        let localShare: Int
        /// Family names and place words that start a local-style name.
        let localStems: [String]
        /// The words that follow them.
        let localWords: [String]
        let people: People
    }

    /// The pools contact names are drawn from.
    enum People: Sendable {
        case english, german, french, spanish, nordic, polish, czech, japanese, korean, chinese, indian, hebrew
        case italian, portuguese, dutch, arabic, finnish, estonian
    }

    static let countries: [Country] = [
        Country(
            code: "US", aiWeight: 34, streamingWeight: 8, domains: ["com", "ai", "io"],
            legalForms: ["", "", "Inc.", "Inc.", "LLC", "Corp."], localShare: 0, localStems: [], localWords: [],
            people: .english),
        Country(
            code: "GB", aiWeight: 10, streamingWeight: 4, domains: ["co.uk", "com", "ai"],
            legalForms: ["Ltd", "Ltd", "Limited", ""], localShare: 0, localStems: [], localWords: [], people: .english),
        Country(
            code: "DE", aiWeight: 7, streamingWeight: 3, domains: ["de", "ai", "com"],
            legalForms: ["GmbH", "GmbH", "AG", "UG"],
            localShare: 55,
            localStems: [
                "Schäfer", "Köhler", "Großmann", "Weiß", "Jäger", "Krüger", "Förster", "Hoffmann", "Becker",
                "Brandt", "Vogel", "Lößer", "Bäumer", "Münch", "Rheinland", "Elbtal", "Spree",
            ],
            localWords: [
                "KI", "Klangdaten", "Lernsysteme", "Datenwerk", "Sprachtechnik", "Tonanalyse", "Intelligenz",
                "Rechenwerk",
            ],
            people: .german),
        Country(
            code: "FR", aiWeight: 6, streamingWeight: 3, domains: ["fr", "ai", "com"],
            legalForms: ["SAS", "SAS", "SA", "SARL"],
            localShare: 55,
            localStems: [
                "Lefèvre", "Gauthier", "Mercier", "Dupré", "Chevalier", "Rousseau", "Bérard", "Lemaître",
                "Garçon", "Aubépine", "Clarté", "Hélios",
            ],
            localWords: ["IA", "Données", "Numérique", "Intelligence", "Acoustique", "Algorithmes", "Sonore"],
            people: .french),
        Country(
            code: "CA", aiWeight: 4, streamingWeight: 2, domains: ["ca", "ai", "com"], legalForms: ["Inc.", "Ltd", ""],
            localShare: 15, localStems: ["Laurentide", "Bélanger", "Côté", "Gagné", "Pelletier"],
            localWords: ["IA", "Intelligence", "Données"], people: .english),
        Country(
            code: "IL", aiWeight: 3, streamingWeight: 1, domains: ["co.il", "ai", "io"], legalForms: ["Ltd", ""],
            localShare: 0, localStems: [], localWords: [], people: .hebrew),
        Country(
            code: "IN", aiWeight: 4, streamingWeight: 3, domains: ["in", "ai", "com"],
            legalForms: ["Pvt Ltd", "Private Limited"],
            localShare: 20, localStems: ["Sangeet", "Raga", "Tarang", "Nadam", "Swara"],
            localWords: ["AI", "Labs", "Tech"],
            people: .indian),
        Country(
            code: "CN", aiWeight: 4, streamingWeight: 1, domains: ["cn", "com"], legalForms: ["Co., Ltd."],
            localShare: 40, localStems: ["Shengyin", "Yunyin", "Tianlai", "Xinghe", "Qinglan"],
            localWords: ["AI", "Technology", "Intelligence"],
            people: .chinese),
        Country(
            code: "JP", aiWeight: 3, streamingWeight: 2, domains: ["co.jp", "jp", "ai"], legalForms: ["K.K.", "G.K."],
            localShare: 50, localStems: ["Ōtoshi", "Kōyō", "Satō", "Itō", "Saitō", "Kōno", "Ōmori", "Shūkō"],
            localWords: ["Onkyō", "AI", "Kenkyūsho", "Gijutsu", "Chinō"], people: .japanese),
        Country(
            code: "KR", aiWeight: 3, streamingWeight: 2, domains: ["co.kr", "ai", "com"],
            legalForms: ["Co., Ltd.", "Inc."],
            localShare: 30, localStems: ["Hanbit", "Saebyeok", "Nuri", "Areum", "Haneul"],
            localWords: ["AI", "Sound Lab", "Intelligence"],
            people: .korean),
        Country(
            code: "NL", aiWeight: 2, streamingWeight: 1, domains: ["nl", "ai", "com"], legalForms: ["B.V."],
            localShare: 30, localStems: ["Van Dijk", "De Vries", "Bakker", "Vermeulen", "IJsselmeer"],
            localWords: ["AI", "Data", "Geluid"],
            people: .dutch),
        Country(
            code: "SE", aiWeight: 2, streamingWeight: 2, domains: ["se", "ai", "com"], legalForms: ["AB"],
            localShare: 55, localStems: ["Björk", "Ström", "Lindqvist", "Söderberg", "Åberg", "Löfgren", "Västerås"],
            localWords: ["Röstteknik", "Ljuddata", "AI", "Maskininlärning", "Analys"], people: .nordic),
        Country(
            code: "CH", aiWeight: 2, streamingWeight: 1, domains: ["ch", "ai", "com"],
            legalForms: ["AG", "SA", "GmbH"],
            localShare: 40, localStems: ["Zürichsee", "Rütli", "Gotthard", "Léman", "Bündner"],
            localWords: ["KI", "Daten", "IA", "Analytik"],
            people: .german),
        Country(
            code: "ES", aiWeight: 2, streamingWeight: 2, domains: ["es", "ai", "com"], legalForms: ["S.L.", "S.A."],
            localShare: 55, localStems: ["Peña", "Ibáñez", "Muñoz", "Galán", "Martín", "Cañada", "Logroño"],
            localWords: ["Inteligencia", "Datos", "Sonido", "IA", "Análisis"], people: .spanish),
        Country(
            code: "IT", aiWeight: 2, streamingWeight: 1, domains: ["it", "ai", "com"],
            legalForms: ["S.r.l.", "S.p.A."],
            localShare: 50, localStems: ["Ricci", "Esposito", "Bianchi", "Niccolò", "Fabbrica", "Città"],
            localWords: ["Intelligenza", "Dati", "Suono", "IA"], people: .italian),
        Country(
            code: "SG", aiWeight: 2, streamingWeight: 1, domains: ["sg", "ai", "com"], legalForms: ["Pte. Ltd."],
            localShare: 0, localStems: [], localWords: [], people: .chinese),
        Country(
            code: "AU", aiWeight: 2, streamingWeight: 1, domains: ["com.au", "ai", "io"], legalForms: ["Pty Ltd"],
            localShare: 0, localStems: [], localWords: [], people: .english),
        Country(
            code: "IE", aiWeight: 1, streamingWeight: 1, domains: ["ie", "ai", "com"], legalForms: ["Ltd", "DAC"],
            localShare: 20, localStems: ["Ó Briain", "Ní Mhaoláin", "Cúil"], localWords: ["AI", "Labs"],
            people: .english),
        Country(
            code: "DK", aiWeight: 1, streamingWeight: 1, domains: ["dk", "ai"], legalForms: ["ApS", "A/S"],
            localShare: 55, localStems: ["Kjær", "Højgaard", "Brøndum", "Ærø", "Frølund"],
            localWords: ["Lydteknik", "Data", "AI", "Analyse"],
            people: .nordic),
        Country(
            code: "NO", aiWeight: 1, streamingWeight: 1, domains: ["no", "ai"], legalForms: ["AS"],
            localShare: 55, localStems: ["Ødegård", "Bjørnstad", "Hjelmås", "Sørlie", "Fjøsne"],
            localWords: ["Lyddata", "AI", "Tale", "Analyse"],
            people: .nordic),
        Country(
            code: "FI", aiWeight: 1, streamingWeight: 1, domains: ["fi", "ai"], legalForms: ["Oy"],
            localShare: 50, localStems: ["Mäkinen", "Järvinen", "Hämäläinen", "Kivelä"],
            localWords: ["Äänidata", "AI", "Tekoäly"],
            people: .finnish),
        Country(
            code: "PL", aiWeight: 1, streamingWeight: 1, domains: ["pl", "ai"], legalForms: ["sp. z o.o.", "S.A."],
            localShare: 60, localStems: ["Wiśniewski", "Dąbrowski", "Kowalczyk", "Złoty", "Żurawski"],
            localWords: ["Dźwięk", "AI", "Dane", "Analityka"],
            people: .polish),
        Country(
            code: "CZ", aiWeight: 1, streamingWeight: 0, domains: ["cz", "ai"], legalForms: ["s.r.o.", "a.s."],
            localShare: 60, localStems: ["Dvořák", "Černý", "Novák", "Růžička", "Šťastný"],
            localWords: ["Data", "AI", "Zvuk", "Analýza"],
            people: .czech),
        Country(
            code: "AT", aiWeight: 1, streamingWeight: 0, domains: ["at", "ai"], legalForms: ["GmbH"],
            localShare: 50, localStems: ["Wörthersee", "Grünberg", "Strauß", "Hölzl"],
            localWords: ["KI", "Klang", "Daten"],
            people: .german),
        Country(
            code: "BR", aiWeight: 1, streamingWeight: 2, domains: ["com.br", "ai"], legalForms: ["Ltda.", "S.A."],
            localShare: 50, localStems: ["Conceição", "Araújo", "Gonçalves", "São Paulo Som"],
            localWords: ["Inteligência", "Dados", "IA"],
            people: .portuguese),
        Country(
            code: "PT", aiWeight: 1, streamingWeight: 1, domains: ["pt", "ai"], legalForms: ["Lda.", "S.A."],
            localShare: 50, localStems: ["Magalhães", "Simões", "Guimarães", "Lusófona"],
            localWords: ["Inteligência", "Dados", "Som"],
            people: .portuguese),
        Country(
            code: "EE", aiWeight: 1, streamingWeight: 0, domains: ["ee", "ai", "io"], legalForms: ["OÜ"],
            localShare: 40, localStems: ["Tamm", "Sääsk", "Kõiv", "Pärnu"], localWords: ["AI", "Andmed", "Heli"],
            people: .estonian),
        Country(
            code: "AE", aiWeight: 1, streamingWeight: 1, domains: ["ae", "ai", "com"], legalForms: ["FZ-LLC", "LLC"],
            localShare: 0, localStems: [], localWords: [], people: .arabic),
    ]

    // MARK: - People

    /// Given names and family names of one pool.
    static func people(_ pool: People) -> (given: [String], family: [String]) {
        switch pool {
        case .english:
            return (
                [
                    "Olivia", "James", "Amelia", "Noah", "Harper", "Ethan", "Grace", "Liam", "Chloe", "Marcus", "Priya",
                    "Daniel", "Zoë", "Samuel", "Hannah", "Owen", "Maya", "Caleb", "Rachel", "Theo",
                ],
                [
                    "Whitfield", "Okafor", "Brennan", "Castillo", "Hargreaves", "Lindgren", "Nakamura", "Ashford",
                    "Delacroix", "Pemberton", "Quinlan", "Rutherford", "Sinclair", "Talbot", "Underwood", "Vance",
                ]
            )
        case .german:
            return (
                ["Jürgen", "Anja", "Lukas", "Sören", "Katrin", "Felix", "Jörg", "Lena", "Matthias", "Sabine"],
                ["Müller", "Schäfer", "Köhler", "Weiß", "Jäger", "Krüger", "Hoffmann", "Becker", "Wagner", "Brandt"]
            )
        case .french:
            return (
                ["Hélène", "Étienne", "Chloé", "François", "Maëlle", "Loïc", "Céline", "Théo", "Amélie", "Rémi"],
                ["Lefèvre", "Gauthier", "Mercier", "Dupré", "Chevalier", "Rousseau", "Bérard", "Lemaître"]
            )
        case .spanish:
            return (
                ["José", "Lucía", "Álvaro", "María", "Íñigo", "Sofía", "Andrés", "Begoña"],
                ["Núñez", "Peña", "Ibáñez", "Muñoz", "García", "Martín", "Ortega", "Castaño"]
            )
        case .nordic:
            return (
                ["Björn", "Åsa", "Søren", "Ingrid", "Mikkel", "Sigrún", "Lars", "Freja", "Øystein", "Maja"],
                ["Åkesson", "Lindqvist", "Søndergaard", "Ødegård", "Björk", "Kjær", "Holm", "Strand"]
            )
        case .polish:
            return (
                ["Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Krzysztof", "Zofia"],
                ["Wiśniewski", "Dąbrowska", "Kowalczyk", "Zieliński", "Wójcik", "Kamińska"]
            )
        case .czech:
            return (
                ["Tomáš", "Lucie", "Jiří", "Kateřina", "Ondřej", "Tereza"],
                ["Dvořák", "Černá", "Novák", "Svobodová", "Procházka", "Růžičková"]
            )
        case .japanese:
            return (
                ["Haruto", "Yui", "Ren", "Aoi", "Sōta", "Yūna", "Kenji", "Emi"],
                ["Satō", "Suzuki", "Takahashi", "Itō", "Watanabe", "Katō", "Kōno", "Yamamoto"]
            )
        case .korean:
            return (
                ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-ah"],
                ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"]
            )
        case .chinese:
            return (
                ["Wei", "Xiaoling", "Jun", "Mei", "Hao", "Yan", "Zhiwei", "Lan"],
                ["Wang", "Li", "Zhang", "Liu", "Chen", "Zhao", "Huang", "Tan"]
            )
        case .indian:
            return (
                ["Aarav", "Ananya", "Vikram", "Priya", "Rohan", "Kavya", "Arjun", "Meera"],
                ["Sharma", "Iyer", "Raman", "Banerjee", "Reddy", "Kapoor", "Menon", "Desai"]
            )
        case .hebrew:
            return (
                ["Noa", "Yonatan", "Tamar", "Eitan", "Shira", "Avi"],
                ["Levi", "Mizrahi", "Friedman", "Ben-David", "Katz", "Shapira"]
            )
        case .italian:
            return (
                ["Niccolò", "Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca"],
                ["Ricci", "Esposito", "Bianchi", "Romano", "Colombo", "De Luca"]
            )
        case .portuguese:
            return (
                ["João", "Inês", "Gonçalo", "Beatriz", "Tomás", "Leonor"],
                ["Conceição", "Araújo", "Gonçalves", "Magalhães", "Simões", "Ferreira"]
            )
        case .dutch:
            return (
                ["Daan", "Sanne", "Joost", "Femke", "Bram", "Lotte"],
                ["van Dijk", "de Vries", "Bakker", "Vermeulen", "Jansen", "Visser"]
            )
        case .arabic:
            return (
                ["Omar", "Layla", "Karim", "Noor", "Yousef", "Rania"],
                ["Haddad", "Al-Mansouri", "Khalil", "Nasser", "Saleh", "Farouk"]
            )
        case .finnish:
            return (
                ["Aino", "Eero", "Sanna", "Mikko", "Päivi", "Jussi"],
                ["Mäkinen", "Järvinen", "Hämäläinen", "Virtanen", "Korhonen", "Nieminen"]
            )
        case .estonian:
            return (
                ["Kadri", "Märt", "Liis", "Tõnu", "Kristjan", "Triin"],
                ["Tamm", "Saar", "Kõiv", "Sepp", "Mägi", "Rebane"]
            )
        }
    }

    /// Mailboxes a firm's legal team reads.
    static let mailboxes = [
        "legal", "legal", "notices", "privacy", "counsel", "compliance", "copyright", "dpo", "info",
    ]

    /// Where a subsidiary is, and what it adds to its parent's name.
    static let subsidiaryPlaces: [(suffix: String, country: String, legalForm: String)] = [
        ("Europe", "DE", "GmbH"), ("UK", "GB", "Ltd"), ("France", "FR", "SAS"), ("Ireland", "IE", "Ltd"),
        ("Japan", "JP", "G.K."), ("India", "IN", "Pvt Ltd"), ("Nordics", "SE", "AB"), ("Canada", "CA", "Inc."),
        ("Iberia", "ES", "S.L."), ("Benelux", "NL", "B.V."), ("Asia Pacific", "SG", "Pte. Ltd."),
    ]

    // MARK: - The catalogue

    /// Words for the titles of the issuer's (fictional) recordings.
    static let titleFirst = [
        "Neon", "Glass", "Velvet", "Paper", "Silver", "Hollow", "Golden", "Midnight", "Salt", "Paper-Thin", "Electric",
        "Quiet", "Broken", "Northern", "Burning", "Slow", "Wild", "Faded", "Crimson", "Open", "Lonely", "Summer",
        "Winter", "Distant", "Tender", "Restless", "Blue", "Amber", "Little", "Hidden",
    ]
    static let titleSecond = [
        "Harbour", "Meridian", "Static", "Lanterns", "Rivers", "Hearts", "Highway", "Skyline", "Echoes", "Tides",
        "Satellites", "Gardens", "Letters", "Horses", "Engines", "Mornings", "Shadows", "Fireflies", "Bridges", "Waves",
        "Signals", "Windows", "Cathedrals", "Orchards", "Lullabies", "Parades", "Mirrors", "Compass", "Embers",
        "Avenues",
    ]

    /// How some titles of the catalogue end (most end with the two words).
    static let titleEndings = [
        "", "", "", "", "", " (Live)", " (Acoustic)", " Part II", " (Remastered)", " (Radio Edit)",
    ]

    /// The issuer's (fictional) artists, with the ISRC country code of their recordings.
    static let artists: [(name: String, isrcCountry: String)] = [
        ("Mara Quill", "GB"), ("The Velvet Tides", "GB"), ("Sólveig Ár", "IS"), ("Los Hermanos Brisa", "ES"),
        ("DJ Kestrel", "US"), ("Anouk Belair", "FR"), ("Jonah Wilder", "US"), ("Ferris & the Moths", "GB"),
        ("Yuki Harada", "JP"), ("Koffi Mensah Band", "GH"), ("Lena Sørensen", "DK"), ("Aurelio Méndez", "MX"),
        ("Noor", "AE"), ("Cassiel", "US"), ("Brass Meridian Orchestra", "GB"), ("Tove Lindahl", "SE"),
        ("Zé Carvalho", "BR"), ("Chloé Marchand", "FR"), ("Björn Åberg Trio", "SE"), ("Orla Finnegan", "IE"),
        ("Mateo Ruiz", "ES"), ("Ines Kovač", "HR"), ("Rami Haddad", "LB"), ("Pixel Harbour", "US"),
        ("Static Bloom", "US"), ("Low Meridian", "CA"), ("Midnight Ferries", "GB"), ("Hollow Pines", "US"),
        ("Saffron Lane", "GB"), ("Jürgen Falk Quartett", "DE"), ("Ana Lúcia Reis", "PT"), ("Kalani Moana", "US"),
    ]

    /// Why a recipient says the copies had to exist as long as they did.
    static let justifications = [
        "Training corpus for the music-generation model; copies kept for reproducibility of the training run.",
        "Evaluation set for audio tagging; retained until the model was released.",
        "Pre-training dataset snapshot, retained under our data-retention policy for audit.",
        "Local copies were needed to compute audio embeddings; deleted after feature extraction.",
        "Retained only to answer this request and to preserve evidence, as advised by counsel.",
        "Fine-tuning of the lyrics model; cached for the duration of the experiment.",
        "The deduplication and filtering pipeline required local copies.",
        "The dataset licence required retention for the licence period.",
        "Held in a research sandbox for benchmarking against licensed material.",
        "Copies were part of a third-party dataset mirrored in full before filtering.",
    ]

    // MARK: - What the letters say

    static let acknowledgements = [
        "Acknowledges receipt; reviewing internally", "Counsel confirms receipt and will revert by the deadline",
        "Receipt acknowledged by the legal team", "Acknowledged; asks for a list of the works concerned",
        "Acknowledged through outside counsel", "Acknowledges the notice; data audit started",
    ]
    static let noUseAttestations = [
        "Attests that no Harmonia content was used to train its models",
        "Confirms its training data excludes music, lyrics and cover art",
        "States it trains only on licensed and public-domain audio",
        "Attests that no recordings, lyrics or artwork were used",
        "Confirms its products neither process nor generate audio",
        "Signed attestation of no use, from the chief technology officer",
    ]
    static let refusals = [
        "Declines to disclose; relies on the text-and-data-mining exception",
        "Refuses: considers the request to have no legal basis",
        "Declines, citing the confidentiality of its training data",
        "Will not answer outside litigation",
        "Contests the validity of the reservation of rights",
    ]
    static let completeDisclosures = [
        "Full disclosure of the works used", "Disclosure with all six requested items",
        "Disclosure as requested, through counsel", "Detailed disclosure with its data-retention log",
    ]
    static let partialDisclosures = [
        "Partial disclosure; further details to follow", "Disclosure without retention details",
        "Lists the works used; copies and dates not given", "Disclosure of some works; audit continuing",
    ]
    static let followUps = [
        "Supplementary disclosure completing the earlier reply", "Follow-up with the missing retention details",
        "Corrected and completed disclosure",
    ]
    static let supplements = [
        "Further works found in a later audit", "Supplementary disclosure of additional works",
    ]
    static let extensionRequests = [
        "Asks for 30 more days to complete its review", "Requests an extension: data audit in progress",
        "Asks for more time; new counsel instructed", "Requests an extension until its dataset review is done",
    ]
    static let afterEscalation = [
        "Replies after escalation, through litigation counsel", "Late reply received after the case was escalated",
        "Asks to reopen discussions after escalation",
    ]
    static let streamingConfirmations = [
        "Confirms the recommended measures are in place", "Confirms it blocks AI-training access to the catalogue",
        "Confirms its terms prohibit scraping and AI training", "Confirms bot detection and a robots.txt reservation",
    ]
    static let streamingAcknowledgements = [
        "Acknowledges the advisory letter", "Acknowledged; forwarded to its trust and safety team",
        "Receipt confirmed by its licensing team",
    ]
    static let streamingRefusals = [
        "Declines to adopt the recommended measures", "Considers the measures disproportionate",
    ]
    static let streamingExtensionRequests = [
        "Asks for time to review with its technical team", "Requests an extension pending an internal security review",
    ]
}
