#!/usr/bin/env python3
"""Writes the reference values the drift-statistics tests compare against.

Run from the repository root:  python3 scripts/make-ks-fixtures.py
Needs numpy and scipy (the committed fixtures were made with the versions recorded in each file).
Every sample comes from a seeded numpy generator, so a rerun with the same versions rewrites the
same files. Samples are stored as the exact inputs (continuous values rounded to a few decimals,
ratings as whole half-stars) so the TypeScript side needs no generator of its own, and the whole
fixtures folder stays well under 1 MB.
"""

import json
import math
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats

OUT = Path(__file__).resolve().parent.parent / 'test' / 'monitoring' / 'drift' / 'fixtures'
VERSIONS = {'numpy': np.__version__, 'scipy': scipy.__version__}


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps({'generatedBy': 'scripts/make-ks-fixtures.py', 'versions': VERSIONS,
                                **payload}, separators=(',', ':')) + '\n')
    print(f'{path.relative_to(OUT.parent.parent.parent.parent)}: {path.stat().st_size / 1024:.1f} KiB')


def continuous(values, decimals=4):
    """A continuous sample, rounded so the JSON stays small; the rounded numbers are the input."""
    return {'values': [float(v) for v in np.round(values, decimals)]}


def half_stars(rng, n, probs):
    """Ratings 0.5..5.0 in half stars, stored as whole half-stars 1..10 (value = k / 2)."""
    return {'halfStars': [int(k) for k in rng.choice(np.arange(1, 11), size=n, p=probs)]}


def decode(sample):
    if 'halfStars' in sample:
        return np.asarray(sample['halfStars'], dtype=np.float64) / 2
    return np.asarray(sample['values'], dtype=np.float64)


RATING_PROBS = np.array([0.01, 0.03, 0.02, 0.07, 0.05, 0.19, 0.13, 0.27, 0.10, 0.13])
SHIFTED_PROBS = np.array([0.01, 0.02, 0.02, 0.06, 0.05, 0.18, 0.13, 0.28, 0.11, 0.14])


def ks_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, a, b, method='auto'):
        x, y = decode(a), decode(b)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            res = stats.ks_2samp(x, y, alternative='two-sided', method=method)
        used = method
        if method == 'auto':
            used = 'exact' if max(len(x), len(y)) <= 10000 else 'asymp'
        if any('Switching to' in str(w.message) for w in caught):
            used = 'asymp'
        cases.append({'name': name, 'a': a, 'b': b, 'method': method,
                      'expected': {'statistic': float(res.statistic), 'pValue': float(res.pvalue),
                                   'method': used}})

    # Small continuous samples, equal and unequal sizes, with and without a shift.
    for k in range(14):
        n1, n2 = int(rng.integers(5, 51)), int(rng.integers(5, 51))
        if k % 4 == 0:
            n2 = n1
        shift = [0, 0.3, 0.8, 1.5][k % 4]
        add(f'small continuous {n1} vs {n2} shift {shift}',
            continuous(rng.normal(0, 1, n1)), continuous(rng.normal(shift, 1, n2)))
    # Small samples with heavy ties (small integer ranges).
    for k in range(8):
        n1, n2 = int(rng.integers(5, 51)), int(rng.integers(5, 51))
        top = [2, 3, 5, 9][k % 4]
        add(f'small ties 0..{top} {n1} vs {n2}', continuous(rng.integers(0, top + 1, n1), 0),
            continuous(rng.integers(0, top + 1 + k % 2, n2), 0))
    # Half-star ratings, small and medium, both the same distribution and a shifted one.
    for n1, n2, probs in [(30, 45, RATING_PROBS), (50, 50, SHIFTED_PROBS), (40, 24, SHIFTED_PROBS),
                          (1000, 1000, RATING_PROBS), (1200, 800, SHIFTED_PROBS),
                          (4000, 5000, SHIFTED_PROBS)]:
        add(f'ratings {n1} vs {n2}', half_stars(rng, n1, RATING_PROBS), half_stars(rng, n2, probs))
    # Medium continuous samples (exact path: max(n1, n2) <= 10000).
    for n1, n2, shift in [(1000, 1500, 0.0), (3000, 2000, 0.05), (1777, 1234, 0.15)]:
        add(f'medium continuous {n1} vs {n2} shift {shift}',
            continuous(rng.normal(0, 1, n1), 3), continuous(rng.normal(shift, 1, n2), 3))
    # Edge cases.
    same = continuous(rng.normal(0, 1, 20))
    add('identical samples', same, same)
    add('disjoint samples 10 vs 12', continuous(rng.uniform(0, 1, 10)), continuous(rng.uniform(2, 3, 12)))
    add('disjoint samples 40 vs 40', continuous(rng.uniform(0, 1, 40)), continuous(rng.uniform(2, 3, 40)))
    add('one element each', {'values': [1.0]}, {'values': [2.0]})
    add('one element vs many', {'values': [0.25]}, continuous(rng.uniform(0, 1, 30)))
    add('all values equal', {'values': [3.0] * 12}, {'values': [3.0] * 7})
    # Forced asymptotic method on small and medium samples: exercises every branch of the
    # Kolmogorov distribution for n = round(n1 n2 / (n1 + n2)) <= 140 and above.
    for n1, n2, shift in [(12, 9, 0.2), (60, 40, 0.0), (60, 40, 0.6), (200, 150, 0.05),
                          (200, 150, 0.4), (300, 250, 1.0), (1000, 1500, 0.02), (1000, 1500, 0.12),
                          (1000, 1500, 0.5)]:
        add(f'asymp forced {n1} vs {n2} shift {shift}', continuous(rng.normal(0, 1, n1), 3),
            continuous(rng.normal(shift, 1, n2), 3), method='asymp')
    add('asymp forced ratings 3000 vs 2000', half_stars(rng, 3000, RATING_PROBS),
        half_stars(rng, 2000, SHIFTED_PROBS), method='asymp')
    # Forced exact method above the auto limit (equal sizes: square formula; unequal: lattice walk).
    add('exact forced ratings 12000 vs 12000', half_stars(rng, 12000, RATING_PROBS),
        half_stars(rng, 12000, SHIFTED_PROBS), method='exact')
    add('exact forced ratings 12000 vs 11000', half_stars(rng, 12000, RATING_PROBS),
        half_stars(rng, 11000, RATING_PROBS), method='exact')
    # Large samples: auto switches to the asymptotic distribution.
    add('large ratings 20000 vs 25000 shifted', half_stars(rng, 20000, RATING_PROBS),
        half_stars(rng, 25000, SHIFTED_PROBS))
    add('large ratings 16000 vs 12000 same', half_stars(rng, 16000, RATING_PROBS),
        half_stars(rng, 12000, RATING_PROBS))
    add('large continuous 12000 vs 11000', continuous(rng.normal(0, 1, 12000), 3),
        continuous(rng.normal(0.03, 1, 11000), 3))
    add('large disjoint ratings 11000 vs 10500', {'halfStars': [int(k) for k in rng.integers(1, 5, 11000)]},
        {'halfStars': [int(k) for k in rng.integers(6, 11, 10500)]})
    return cases


def kstwo_grid():
    ns = [1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 5000, 20000, 50000,
          100000, 100001, 250000, 2000001]
    zs = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0,
          6.0, 10.0, 15.0, 20.0]
    rows = []
    for n in ns:
        ds = {z / math.sqrt(n) for z in zs} | {0.4 / n, 0.75 / n, 1.0 / n, 1.5 / n, 0.3, 0.5, 0.6,
                                             0.99, 1 - 0.5 / n, 1.0}
        for d in sorted(ds):
            if 0 < d <= 1:
                rows.append([n, d, float(stats.kstwo.sf(d, n))])
    return rows


def smirnov_grid():
    rows = []
    for n in [1, 2, 5, 10, 50, 140, 1000, 50000, 2000000]:
        for x in [0.0, 0.2 / n, 1.0 / n, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1 - 0.5 / n, 1.0]:
            if 0 <= x <= 1:
                rows.append([n, x, float(special.smirnov(n, x))])
    return rows


def chi2_sf_grid():
    rows = []
    for df in [1, 2, 3, 4, 5, 9, 10, 19, 23, 41, 50, 99, 100, 401, 500, 1000, 5000]:
        for r in [1e-4, 0.01, 0.1, 0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.5, 2.0, 3.0, 5.0]:
            x = df * r
            rows.append([df, x, float(special.chdtrc(df, x))])
    for df, x in [(1, 1e-12), (1, 50.0), (1, 700.0), (2, 1500.0), (24, 0.3), (9, 0.05)]:
        rows.append([df, x, float(special.chdtrc(df, x))])
    return rows


def chi2_contingency_cases():
    rng = np.random.default_rng(7)
    cases = []

    def add(name, ref, cur):
        ref, cur = np.asarray(ref, dtype=np.float64), np.asarray(cur, dtype=np.float64)
        keep = (ref + cur) > 0
        table = np.vstack([ref[keep], cur[keep]])
        res = stats.chi2_contingency(table, correction=False)
        cases.append({'name': name, 'reference': ref.tolist(), 'current': cur.tolist(),
                      'expected': {'statistic': float(res.statistic), 'pValue': float(res.pvalue),
                                   'dof': int(res.dof)}})

    for k in [2, 3, 5, 10, 20, 24]:
        probs = rng.dirichlet(np.ones(k))
        shifted = rng.dirichlet(np.ones(k) * 3)
        add(f'{k} categories same', rng.multinomial(500 * k, probs), rng.multinomial(300 * k, probs))
        add(f'{k} categories shifted', rng.multinomial(500 * k, probs), rng.multinomial(300 * k, shifted))
    add('ratings 100k vs 100k', rng.multinomial(100000, RATING_PROBS), rng.multinomial(100000, SHIFTED_PROBS))
    add('small counts', [3, 0, 1, 7], [1, 2, 0, 4])
    add('zero-total categories are dropped', [5, 0, 12, 0, 9], [7, 0, 3, 0, 11])
    add('single used category', [0, 10, 0], [0, 4, 0])
    add('identical proportions', [10, 20, 30], [20, 40, 60])
    return cases


def wasserstein_cases():
    rng = np.random.default_rng(11)
    cases = []

    def add(name, a, b):
        cases.append({'name': name, 'a': a, 'b': b,
                      'expected': float(stats.wasserstein_distance(decode(a), decode(b)))})

    add('one element each', {'values': [1.0]}, {'values': [4.5]})
    add('small continuous', continuous(rng.normal(0, 1, 17)), continuous(rng.normal(0.5, 2, 23)))
    add('ties', continuous(rng.integers(0, 4, 40), 0), continuous(rng.integers(0, 5, 31), 0))
    add('ratings 2000 vs 3000', half_stars(rng, 2000, RATING_PROBS), half_stars(rng, 3000, SHIFTED_PROBS))
    add('continuous 5000 vs 4000', continuous(rng.exponential(2, 5000), 3),
        continuous(rng.exponential(2.2, 4000), 3))
    add('identical', {'values': [1.0, 2.0, 2.0, 7.5]}, {'values': [7.5, 2.0, 1.0, 2.0]})
    return cases


def psi_reference(ref, cur, bins):
    """The PSI definition the TypeScript code implements, written with numpy as an oracle:
    cut points at the reference's interior quantiles (numpy's linear method, duplicates removed),
    bins (-inf, c1), [c1, c2), ..., [c_last, inf); Evidently's fill for empty bins; bins empty on
    both sides contribute nothing."""
    cuts = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    ref_counts = np.bincount(np.searchsorted(cuts, ref, side='right'), minlength=len(cuts) + 1)
    cur_counts = np.bincount(np.searchsorted(cuts, cur, side='right'), minlength=len(cuts) + 1)
    return cuts, ref_counts, cur_counts, psi_from_counts(ref_counts, cur_counts)


def fill_empty(shares):
    smallest = shares[shares > 0].min()
    return np.where(shares == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001, shares)


def psi_from_counts(ref_counts, cur_counts):
    used = (ref_counts + cur_counts) > 0
    ref_shares = fill_empty(ref_counts / ref_counts.sum())
    cur_shares = fill_empty(cur_counts / cur_counts.sum())
    terms = (ref_shares - cur_shares) * np.log(ref_shares / cur_shares)
    return float(np.sum(terms[used]))


def psi_cases():
    rng = np.random.default_rng(13)
    cases = []
    for name, a, b, bins in [
        ('normal shift', continuous(rng.normal(0, 1, 3000), 3), continuous(rng.normal(0.3, 1.2, 2000), 3), 10),
        ('ratings with ties', half_stars(rng, 3000, RATING_PROBS), half_stars(rng, 2500, SHIFTED_PROBS), 10),
        ('current outside reference range', continuous(rng.uniform(0, 1, 500), 3),
         continuous(rng.uniform(0.5, 2, 400), 3), 5),
        ('few values', {'values': [1.0, 1.0, 1.0, 2.0]}, {'values': [1.0, 3.0]}, 10),
    ]:
        cuts, ref_counts, cur_counts, value = psi_reference(decode(a), decode(b), bins)
        cases.append({'name': name, 'kind': 'quantile', 'a': a, 'b': b, 'bins': bins,
                      'expected': {'psi': value, 'cutPoints': cuts.tolist(),
                                   'referenceCounts': ref_counts.tolist(),
                                   'currentCounts': cur_counts.tolist()}})
    for name, ref, cur in [('genres', rng.multinomial(5000, rng.dirichlet(np.ones(18))),
                            rng.multinomial(4000, rng.dirichlet(np.ones(18)))),
                           ('a category missing in current', np.array([100, 50, 30, 5]), np.array([90, 60, 0, 10])),
                           ('a new category in current', np.array([100, 50, 0]), np.array([80, 40, 3]))]:
        cases.append({'name': name, 'kind': 'counts', 'reference': ref.tolist(), 'current': cur.tolist(),
                      'expected': {'psi': psi_from_counts(ref, cur)}})
    return cases


def histogram_cases():
    rng = np.random.default_rng(17)
    cases = []
    for name, a, b, bins in [
        ('sturges continuous', continuous(rng.normal(0, 1, 1000), 3), continuous(rng.normal(1, 1, 700), 3), None),
        ('sturges ratings', half_stars(rng, 500, RATING_PROBS), half_stars(rng, 400, SHIFTED_PROBS), None),
        ('seven bins', continuous(rng.uniform(-3, 9, 300), 2), continuous(rng.uniform(0, 12, 200), 2), 7),
        ('all values equal', {'values': [2.0, 2.0]}, {'values': [2.0]}, None),
    ]:
        x, y = decode(a), decode(b)
        edges = np.histogram_bin_edges(np.concatenate([x, y]), bins='sturges' if bins is None else bins)
        cases.append({'name': name, 'a': a, 'b': b, 'bins': bins,
                      'expected': {'edges': edges.tolist(), 'reference': np.histogram(x, edges)[0].tolist(),
                                   'current': np.histogram(y, edges)[0].tolist()}})
    return cases


if __name__ == '__main__':
    write('ks-2samp.json', {'cases': ks_cases()})
    write('kstwo-sf.json', {'columns': ['n', 'd', 'sf'], 'rows': kstwo_grid()})
    write('smirnov-sf.json', {'columns': ['n', 'x', 'sf'], 'rows': smirnov_grid()})
    write('chi2-sf.json', {'columns': ['df', 'x', 'sf'], 'rows': chi2_sf_grid()})
    write('chi2-contingency.json', {'cases': chi2_contingency_cases()})
    write('wasserstein.json', {'cases': wasserstein_cases()})
    write('psi.json', {'cases': psi_cases()})
    write('histogram.json', {'cases': histogram_cases()})
