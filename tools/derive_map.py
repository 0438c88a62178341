#!/usr/bin/env python3
"""derive_map.py - derive the region map file read by `frontier view` (viz/map/map.c).

Reads Natural Earth country polygons as TopoJSON (quantized, delta-encoded arcs) and a
GeoNames place list (CSV: name,ascii_name,country,lat,lon,admin1), keeps the countries named
below, simplifies every arc once with Douglas-Peucker (shared arcs stay shared, so borders
have no gaps), clips the rings to the region's box and writes a small text file:

    # comment
    map NAME
    bbox LON0 LAT0 LON1 LAT1
    country ISO3 NUMERIC NAME...      (starts a country; its rings follow)
    ring N                            (then N lines "LON LAT", a closed ring, last != first)
    border N                          (then N lines "LON LAT", the shared border polyline)
    place KIND LAT LON NAME...        (KIND: capital | city | town)

Usage: derive_map.py COUNTRIES_TOPOJSON PLACES_CSV OUT.map [--tolerance DEG]
Python 3 standard library only. The output is deterministic for the same inputs.
"""
import argparse
import csv
import json
import math
import sys

REGION = "af-pk"
BBOX = (60.0, 23.0, 76.0, 39.0)          # lon0, lat0, lon1, lat1
STATE_A, STATE_B = "004", "586"          # Afghanistan, Pakistan: their shared arcs = border
COUNTRIES = [                            # numeric id, ISO3, name
    ("004", "AFG", "Afghanistan"),
    ("586", "PAK", "Pakistan"),
    ("364", "IRN", "Iran"),
    ("356", "IND", "India"),
    ("156", "CHN", "China"),
    ("762", "TJK", "Tajikistan"),
    ("860", "UZB", "Uzbekistan"),
    ("795", "TKM", "Turkmenistan"),
]
# Places worth labelling on a classroom map: (ascii name in GeoNames, country, kind, label).
PLACES = [
    ("Kabul", "AF", "capital", "Kabul"),
    ("Islamabad", "PK", "capital", "Islamabad"),
    ("Kandahar", "AF", "city", "Kandahar"),
    ("Herat", "AF", "city", "Herat"),
    ("Mazar-e Sharif", "AF", "city", "Mazar-e Sharif"),
    ("Jalalabad", "AF", "city", "Jalalabad"),
    ("Kunduz", "AF", "town", "Kunduz"),
    ("Khost", "AF", "town", "Khost"),
    ("Ghazni", "AF", "town", "Ghazni"),
    ("Lashkar Gah", "AF", "town", "Lashkar Gah"),
    ("Asadabad", "AF", "town", "Asadabad"),
    ("Karachi", "PK", "city", "Karachi"),
    ("Lahore", "PK", "city", "Lahore"),
    ("Peshawar", "PK", "city", "Peshawar"),
    ("Quetta", "PK", "city", "Quetta"),
    ("Multan", "PK", "city", "Multan"),
    ("Rawalpindi", "PK", "town", "Rawalpindi"),
    ("Dera Ismail Khan", "PK", "town", "D.I. Khan"),
    ("Bannu", "PK", "town", "Bannu"),
    ("Miran Shah", "PK", "town", "Miran Shah"),
    ("Wana", "PK", "town", "Wana"),
    ("Zhob", "PK", "town", "Zhob"),
    ("Parachinar", "PK", "town", "Parachinar"),
    ("Chitral", "PK", "town", "Chitral"),
    ("Gwadar", "PK", "town", "Gwadar"),
    ("Gilgit", "PK", "town", "Gilgit"),
]


def decode_arcs(topo):
    """Absolute lon/lat points of every arc (quantized, delta-encoded in the file)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def dp_simplify(pts, tol):
    """Douglas-Peucker, iterative; keeps both endpoints."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (x0, y0), (x1, y1) = pts[i], pts[j]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            if norm == 0.0:
                d = math.hypot(px - x0, py - y0)
            else:
                d = abs(dy * (px - x0) - dx * (py - y0)) / norm
            if d > best:
                best, best_k = d, k
        if best > tol:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, k in zip(pts, keep) if k]


def arc_points(arcs, index):
    """Points of arc index (negative = reversed, TopoJSON's ~i)."""
    return arcs[index] if index >= 0 else list(reversed(arcs[~index]))


def ring_points(arcs, ring):
    pts = []
    for index in ring:
        a = arc_points(arcs, index)
        pts.extend(a if not pts else a[1:])   # consecutive arcs share their end point
    return pts


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def clip_ring(pts, bbox):
    """Sutherland-Hodgman clip of a closed ring against the box."""
    lon0, lat0, lon1, lat1 = bbox
    edges = [(0, lon0, True), (0, lon1, False), (1, lat0, True), (1, lat1, False)]
    for axis, val, keep_above in edges:
        if not pts:
            break
        inside = (lambda p: p[axis] >= val) if keep_above else (lambda p: p[axis] <= val)
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur) != inside(prev):
                t = (val - prev[axis]) / (cur[axis] - prev[axis])
                q = (prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1]))
                out.append(q)
            if inside(cur):
                out.append(cur)
            prev = cur
        pts = out
    return pts


def dedupe(pts):
    out = []
    for p in pts:
        if not out or abs(p[0] - out[-1][0]) > 1e-9 or abs(p[1] - out[-1][1]) > 1e-9:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def border_lines(arcs, geoms):
    """Arcs used by both STATE_A and STATE_B, chained into polylines."""
    used = {}
    for cid in (STATE_A, STATE_B):
        ids = set()
        for poly in polygons(geoms[cid]):
            for ring in poly:
                ids.update(i if i >= 0 else ~i for i in ring)
        used[cid] = ids
    shared = sorted(used[STATE_A] & used[STATE_B])
    lines = []
    for i in shared:
        pts = list(arcs[i])
        for line in lines:
            if line[-1] == pts[0]:
                line.extend(pts[1:])
                break
            if line[0] == pts[-1]:
                line[:0] = pts[:-1]
                break
        else:
            lines.append(pts)
    return lines


def read_places(path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault((row["ascii_name"], row["country"]), row)
    out = []
    for name, cc, kind, label in PLACES:
        row = rows.get((name, cc))
        if row is None:
            print(f"derive_map: place {name} ({cc}) not in {path}; skipped", file=sys.stderr)
            continue
        out.append((kind, float(row["lat"]), float(row["lon"]), label))
    return out


def fmt(p):
    return f"{p[0]:.3f} {p[1]:.3f}"


def write_map(out, arcs, geoms, places, tol):
    lines = [f"# {REGION}.map - derived by tools/derive_map.py (tolerance {tol} deg)",
             "# Borders: Natural Earth 1:10m admin 0 countries (public domain), via world-atlas.",
             "# Places: GeoNames (CC BY 4.0), geonames.org.",
             f"map {REGION}", "bbox " + " ".join(f"{v:g}" for v in BBOX)]
    for cid, iso, name in COUNTRIES:
        lines.append(f"country {iso} {cid} {name}")
        for poly in polygons(geoms[cid]):
            for ring in poly:
                pts = clip_ring(ring_points(arcs, ring), BBOX)
                pts = dedupe([(round(x, 3), round(y, 3)) for x, y in pts])
                if len(pts) >= 3:
                    lines.append(f"ring {len(pts)}")
                    lines.extend(fmt(p) for p in pts)
    for line in border_lines(arcs, geoms):
        lines.append(f"border {len(line)}")
        lines.extend(fmt(p) for p in line)
    for kind, lat, lon, label in places:
        lines.append(f"place {kind} {lat:.4f} {lon:.4f} {label}")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("countries", help="Natural Earth countries as TopoJSON (countries-10m.json)")
    ap.add_argument("places", help="GeoNames place list CSV")
    ap.add_argument("out", help="map file to write")
    ap.add_argument("--tolerance", type=float, default=0.01,
                    help="Douglas-Peucker tolerance in degrees (default 0.01)")
    args = ap.parse_args()
    with open(args.countries, encoding="utf-8") as f:
        topo = json.load(f)
    geoms = {g.get("id"): g for g in topo["objects"]["countries"]["geometries"]}
    missing = [cid for cid, _, _ in COUNTRIES if cid not in geoms]
    if missing:
        sys.exit(f"derive_map: countries {missing} not in {args.countries}")
    arcs = decode_arcs(topo)
    for cid, _, _ in COUNTRIES:    # simplify only the arcs this map uses, each once
        for i in sorted({i if i >= 0 else ~i for poly in polygons(geoms[cid])
                         for ring in poly for i in ring}):
            arcs[i] = dp_simplify(arcs[i], args.tolerance) if not isinstance(arcs[i], tuple) \
                else arcs[i]
            arcs[i] = tuple(arcs[i])
    write_map(args.out, arcs, geoms, read_places(args.places), args.tolerance)


if __name__ == "__main__":
    main()
