-- OptOutTracker schema, version 7: names compared without invisible format characters.
-- From this version a name is matched without the characters of Unicode category Cf (zero-width
-- space, joiners, bidirectional marks, the byte-order mark, the soft hyphen), so that
-- `Clear\u{200B} Labs` is `Clear Labs`. Keys stored before held them; here they are removed from
-- the recipient and campaign keys, and the white space they leave collapsed, as NameKey does now.
-- Names themselves are kept as given. If two names become one key, this migration fails on the
-- UNIQUE constraint and `optout init` says so: rename one of them with the older version first.
-- Disclosure work keys are sealed evidence and are left as they were.

-- recipient: each invisible character removed where it occurs, then doubled spaces collapsed.
UPDATE recipient SET name_key = replace(name_key, char(173), '') WHERE instr(name_key, char(173)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(1564), '') WHERE instr(name_key, char(1564)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(6158), '') WHERE instr(name_key, char(6158)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8203), '') WHERE instr(name_key, char(8203)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8204), '') WHERE instr(name_key, char(8204)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8205), '') WHERE instr(name_key, char(8205)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8206), '') WHERE instr(name_key, char(8206)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8207), '') WHERE instr(name_key, char(8207)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8234), '') WHERE instr(name_key, char(8234)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8235), '') WHERE instr(name_key, char(8235)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8236), '') WHERE instr(name_key, char(8236)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8237), '') WHERE instr(name_key, char(8237)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8238), '') WHERE instr(name_key, char(8238)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8288), '') WHERE instr(name_key, char(8288)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8289), '') WHERE instr(name_key, char(8289)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8290), '') WHERE instr(name_key, char(8290)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8291), '') WHERE instr(name_key, char(8291)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8292), '') WHERE instr(name_key, char(8292)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8294), '') WHERE instr(name_key, char(8294)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8295), '') WHERE instr(name_key, char(8295)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8296), '') WHERE instr(name_key, char(8296)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8297), '') WHERE instr(name_key, char(8297)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8298), '') WHERE instr(name_key, char(8298)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8299), '') WHERE instr(name_key, char(8299)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8300), '') WHERE instr(name_key, char(8300)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8301), '') WHERE instr(name_key, char(8301)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8302), '') WHERE instr(name_key, char(8302)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(8303), '') WHERE instr(name_key, char(8303)) > 0;
UPDATE recipient SET name_key = replace(name_key, char(65279), '') WHERE instr(name_key, char(65279)) > 0;
UPDATE recipient SET name_key = trim(replace(replace(replace(name_key, '  ', ' '), '  ', ' '), '  ', ' '))
WHERE name_key LIKE '%  %' OR name_key LIKE ' %' OR name_key LIKE '% ';

-- campaign: each invisible character removed where it occurs, then doubled spaces collapsed.
UPDATE campaign SET name_key = replace(name_key, char(173), '') WHERE instr(name_key, char(173)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(1564), '') WHERE instr(name_key, char(1564)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(6158), '') WHERE instr(name_key, char(6158)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8203), '') WHERE instr(name_key, char(8203)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8204), '') WHERE instr(name_key, char(8204)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8205), '') WHERE instr(name_key, char(8205)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8206), '') WHERE instr(name_key, char(8206)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8207), '') WHERE instr(name_key, char(8207)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8234), '') WHERE instr(name_key, char(8234)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8235), '') WHERE instr(name_key, char(8235)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8236), '') WHERE instr(name_key, char(8236)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8237), '') WHERE instr(name_key, char(8237)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8238), '') WHERE instr(name_key, char(8238)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8288), '') WHERE instr(name_key, char(8288)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8289), '') WHERE instr(name_key, char(8289)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8290), '') WHERE instr(name_key, char(8290)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8291), '') WHERE instr(name_key, char(8291)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8292), '') WHERE instr(name_key, char(8292)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8294), '') WHERE instr(name_key, char(8294)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8295), '') WHERE instr(name_key, char(8295)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8296), '') WHERE instr(name_key, char(8296)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8297), '') WHERE instr(name_key, char(8297)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8298), '') WHERE instr(name_key, char(8298)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8299), '') WHERE instr(name_key, char(8299)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8300), '') WHERE instr(name_key, char(8300)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8301), '') WHERE instr(name_key, char(8301)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8302), '') WHERE instr(name_key, char(8302)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(8303), '') WHERE instr(name_key, char(8303)) > 0;
UPDATE campaign SET name_key = replace(name_key, char(65279), '') WHERE instr(name_key, char(65279)) > 0;
UPDATE campaign SET name_key = trim(replace(replace(replace(name_key, '  ', ' '), '  ', ' '), '  ', ' '))
WHERE name_key LIKE '%  %' OR name_key LIKE ' %' OR name_key LIKE '% ';

