#!/usr/bin/env python3
"""Checks optout's business-day arithmetic against numpy's, an independent implementation.

Reads a JSON document on standard input (written by Tests/OptOutKitTests/BusinessDayCrossCheckTests):
  {"calendars": {NAME: [holiday dates...]},
   "cases": [{"calendar": NAME, "date": D, "count": N, "nth": D1, "roll": D2, "months": D3,
              "end": E, "between": K}, ...]}
and for each case checks, with numpy (weekmask Mon-Fri, the same holidays):
  nth      = the N-th business day after D (D itself never counts) = busday_offset(D, N, roll='backward')
  roll     = D if a business day, else the next one           = busday_offset(D, 0, roll='forward')
  between  = business days after D up to and including E     = busday_count(D+1, E+1) (negated if E < D)
and, with Python's calendar module, months = D plus N months, clamped to the month's last day.
Prints one line per mismatch and exits 1 if any, else prints "ok N" and exits 0.
"""

import calendar
import datetime
import json
import sys

import numpy as np


def add_months(day, months):
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def main():
    doc = json.load(sys.stdin)
    cals = {
        name: np.busdaycalendar(weekmask="1111100", holidays=np.array(days, dtype="datetime64[D]"))
        for name, days in doc["calendars"].items()
    }
    bad = 0
    for case in doc["cases"]:
        cal = cals[case["calendar"]]
        d = np.datetime64(case["date"], "D")
        e = np.datetime64(case["end"], "D")
        n = case["count"]
        nth = str(np.busday_offset(d, n, roll="backward", busdaycal=cal))
        roll = str(np.busday_offset(d, 0, roll="forward", busdaycal=cal))
        if e >= d:
            between = int(np.busday_count(d + 1, e + 1, busdaycal=cal))
        else:
            between = -int(np.busday_count(e + 1, d + 1, busdaycal=cal))
        months = add_months(datetime.date.fromisoformat(case["date"]), n).isoformat()
        expected = {"nth": nth, "roll": roll, "between": between, "months": months}
        for key, value in expected.items():
            if case[key] != value:
                bad += 1
                if bad <= 20:
                    print(f"{case['calendar']} {case['date']} n={n} end={case['end']}: {key} optout {case[key]} numpy {value}")
    if bad:
        print(f"{bad} mismatches")
        sys.exit(1)
    print(f"ok {len(doc['cases'])}")


if __name__ == "__main__":
    main()
