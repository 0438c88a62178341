#!/usr/bin/env python3
"""derive_map.py - write the region map file read by `frontier view` from a region config.

A region is a config file (TOML; scenarios/maps/README.md describes its keys): the box, the
countries, which one is the state and which the host with their colours, the border drawn
bold and the places to label. Its `source` says where the shapes come from:

- "natural-earth": country polygons from Natural Earth as TopoJSON (quantized, delta-encoded
  arcs; --countries) and places looked up by name in a GeoNames list (CSV with the columns
  name,ascii_name,country,lat,lon,admin1; --places). Every arc is simplified once with
  Douglas-Peucker (shared arcs stay shared, so borders have no gaps), rings are clipped to
  the box, and the border is the run of arcs the two `border` countries share.
- "drawn": the rings and places are written in the config itself (an invented region); the
  border is the run of points the two `border` countries' rings share.

The map file (format in scenarios/maps/README.md):

    # comment
    map NAME
    bbox LON0 LAT0 LON1 LAT1
    country ISO3 NUMERIC NAME...      (starts a country; its rings follow)
    ring N                            (then N lines "LON LAT", a closed ring, last != first)
    side state|host ISO3 #RRGGBB      (the country of a side and its fill colour)
    border N                          (then N lines "LON LAT", the shared border polyline)
    place KIND LAT LON NAME...        (KIND: capital | city | town)

Usage: derive_map.py CONFIG.toml OUT.map [--countries TOPOJSON] [--places CSV]
                     [--tolerance DEG]
Python 3.11 standard library only (tomllib). The output is deterministic for the same inputs.
"""
import argparse
import csv
import json
import math
import re
import sys
import tomllib

SIDES = ("state", "host")                 # the scenario's sides, in the order of scenario.h
KINDS = ("capital", "city", "town")


class ConfigError(Exception):
    pass


def need(table, key, kind, where):
    """table[key], which must exist and be of type kind (a type or tuple of types)."""
    if key not in table:
        raise ConfigError(f"{where}: missing key '{key}'")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def lonlat(pt, where):
    if (not isinstance(pt, list) or len(pt) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pt)):
        raise ConfigError(f"{where}: expected a point [LON, LAT], found {pt!r}")
    lon, lat = float(pt[0]), float(pt[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ConfigError(f"{where}: point {pt!r} is outside lon [-180, 180], lat [-90, 90]")
    return lon, lat


def check_config(cfg, path):
    """Checks the keys every region has; returns the config with isos resolved."""
    name = need(cfg, "name", str, path)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ConfigError(f"{path}: name '{name}' must be letters, digits, '.', '_' or '-'")
    source = need(cfg, "source", str, path)
    if source not in ("natural-earth", "drawn"):
        raise ConfigError(f"{path}: source must be 'natural-earth' or 'drawn', found '{source}'")
    bbox = need(cfg, "bbox", list, path)
    if len(bbox) != 4 or not all(isinstance(v, (int, float)) for v in bbox) \
            or not (bbox[0] < bbox[2] and bbox[1] < bbox[3]):
        raise ConfigError(f"{path}: bbox must be [LON0, LAT0, LON1, LAT1] with LON0 < LON1 "
                          "and LAT0 < LAT1")
    countries = need(cfg, "countries", list, path)
    isos = []
    for i, c in enumerate(countries):
        where = f"{path}: countries[{i}]"
        iso = need(c, "iso", str, where)
        if not re.fullmatch(r"[A-Z]{3}", iso):
            raise ConfigError(f"{where}: iso '{iso}' must be three capital letters")
        if not re.fullmatch(r"[0-9]{3}", need(c, "numeric", str, where)):
            raise ConfigError(f"{where}: numeric must be three digits")
        need(c, "name", str, where)
        isos.append(iso)
    if len(set(isos)) != len(isos):
        raise ConfigError(f"{path}: a country is listed twice")
    sides = need(cfg, "sides", dict, path)
    for side in SIDES:
        where = f"{path}: sides.{side}"
        s = need(sides, side, dict, where)
        if need(s, "country", str, where) not in isos:
            raise ConfigError(f"{where}: country '{s['country']}' is not in countries")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", need(s, "colour", str, where)):
            raise ConfigError(f"{where}: colour must be #RRGGBB, found '{s['colour']}'")
    if sides["state"]["country"] == sides["host"]["country"]:
        raise ConfigError(f"{path}: the state and the host are the same country")
    border = need(cfg, "border", list, path)
    if len(border) != 2 or not all(b in isos for b in border) or border[0] == border[1]:
        raise ConfigError(f"{path}: border must name two different countries of countries")
    for i, p in enumerate(need(cfg, "places", list, path)):
        where = f"{path}: places[{i}]"
        if need(p, "kind", str, where) not in KINDS:
            raise ConfigError(f"{where}: kind must be capital, city or town")
    return cfg


# ---- natural-earth source ------------------------------------------------------------------

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


def shared_arcs(arcs, geoms, a, b):
    """Arcs used by both countries a and b (numeric ids), chained into polylines."""
    used = {}
    for cid in (a, b):
        ids = set()
        for poly in polygons(geoms[cid]):
            for ring in poly:
                ids.update(i if i >= 0 else ~i for i in ring)
        used[cid] = ids
    lines = []
    for i in sorted(used[a] & used[b]):
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


def read_places(cfg, path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault((row["ascii_name"], row["country"]), row)
    out = []
    for p in cfg["places"]:
        name, cc = p["geonames"], p["country"]
        row = rows.get((name, cc))
        if row is None:
            print(f"derive_map: place {name} ({cc}) not in {path}; skipped", file=sys.stderr)
            continue
        out.append((p["kind"], float(row["lat"]), float(row["lon"]), p.get("label", name)))
    return out


def natural_earth(cfg, args):
    """Rings per country, border lines and places of a natural-earth region."""
    if not args.countries or not args.places:
        raise ConfigError("a natural-earth region needs --countries TOPOJSON and --places CSV")
    with open(args.countries, encoding="utf-8") as f:
        topo = json.load(f)
    geoms = {g.get("id"): g for g in topo["objects"]["countries"]["geometries"]}
    ids = {c["iso"]: c["numeric"] for c in cfg["countries"]}
    missing = [n for n in ids.values() if n not in geoms]
    if missing:
        raise ConfigError(f"countries {missing} not in {args.countries}")
    tol = args.tolerance if args.tolerance is not None else cfg.get("tolerance", 0.01)
    arcs = decode_arcs(topo)
    for c in cfg["countries"]:    # simplify only the arcs this map uses, each once
        for i in sorted({i if i >= 0 else ~i for poly in polygons(geoms[c["numeric"]])
                         for ring in poly for i in ring}):
            if not isinstance(arcs[i], tuple):
                arcs[i] = tuple(dp_simplify(arcs[i], tol))
    rings = {}
    for c in cfg["countries"]:
        rings[c["iso"]] = []
        for poly in polygons(geoms[c["numeric"]]):
            for ring in poly:
                pts = clip_ring(ring_points(arcs, ring), cfg["bbox"])
                pts = dedupe([(round(x, 3), round(y, 3)) for x, y in pts])
                if len(pts) >= 3:
                    rings[c["iso"]].append(pts)
    a, b = (ids[iso] for iso in cfg["border"])
    return rings, shared_arcs(arcs, geoms, a, b), read_places(cfg, args.places), tol


# ---- drawn source --------------------------------------------------------------------------

def shared_run(ra, rb):
    """The points of ring ra that, with their neighbours, are also consecutive in ring rb:
    the edge two drawn countries share, in ra's order (one polyline, or none)."""
    in_b = set(rb)
    edges_b = {frozenset((rb[i], rb[(i + 1) % len(rb)])) for i in range(len(rb))}
    n = len(ra)
    shared = [frozenset((ra[i], ra[(i + 1) % n])) in edges_b for i in range(n)]
    if all(shared) or not any(shared):
        return [] if not any(shared) else list(ra)
    start = next(i for i in range(n) if shared[i] and not shared[i - 1])
    run = [ra[start]]
    i = start
    while shared[i % n]:
        run.append(ra[(i + 1) % n])
        i += 1
    if sum(shared) != len(run) - 1:
        raise ConfigError("the border countries share more than one stretch of edge")
    assert all(p in in_b for p in run)
    return run


def drawn(cfg, path):
    rings = {}
    for i, c in enumerate(cfg["countries"]):
        where = f"{path}: countries[{i}]"
        rings[c["iso"]] = []
        for j, ring in enumerate(need(c, "rings", list, where)):
            pts = [lonlat(p, f"{where}.rings[{j}]") for p in ring]
            if len(pts) < 3:
                raise ConfigError(f"{where}.rings[{j}]: a ring needs at least 3 points")
            rings[c["iso"]].append(pts)
    a, b = cfg["border"]
    runs = [shared_run(ra, rb) for ra in rings[a] for rb in rings[b]]
    lines = [r for r in runs if len(r) >= 2]
    if not lines:
        raise ConfigError(f"{path}: countries {a} and {b} share no edge to draw as the border")
    places = []
    for i, p in enumerate(cfg["places"]):
        where = f"{path}: places[{i}]"
        lon, lat = lonlat([need(p, "lon", (int, float), where),
                           need(p, "lat", (int, float), where)], where)
        places.append((p["kind"], lat, lon, need(p, "label", str, where)))
    return rings, lines, places


# ---- output --------------------------------------------------------------------------------

def fmt(p):
    return f"{p[0]:.3f} {p[1]:.3f}"


def header(cfg, config_name, tol):
    name = cfg["name"]
    if cfg["source"] == "natural-earth":
        return [f"# {name}.map - derived by tools/derive_map.py from {config_name} "
                f"(tolerance {tol} deg)",
                "# Borders: Natural Earth 1:10m admin 0 countries (public domain), via "
                "world-atlas.",
                "# Places: GeoNames (CC BY 4.0), geonames.org."]
    about = cfg.get("about", "").strip().splitlines()
    return ([f"# {name}.map - derived by tools/derive_map.py from {config_name}."] +
            [f"# {line}".rstrip() for line in about])


def write_map(out, cfg, lines_head, rings, borders, places):
    lines = lines_head + [f"map {cfg['name']}", "bbox " + " ".join(f"{v:g}" for v in cfg["bbox"])]
    for c in cfg["countries"]:
        lines.append(f"country {c['iso']} {c['numeric']} {c['name']}")
        for pts in rings[c["iso"]]:
            lines.append(f"ring {len(pts)}")
            lines.extend(fmt(p) for p in pts)
    for side in SIDES:
        s = cfg["sides"][side]
        lines.append(f"side {side} {s['country']} {s['colour'].lower()}")
    for line in borders:
        lines.append(f"border {len(line)}")
        lines.extend(fmt(p) for p in line)
    for kind, lat, lon, label in places:
        lines.append(f"place {kind} {lat:.4f} {lon:.4f} {label}")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("config", help="region config (TOML), e.g. scenarios/maps/af-pk.toml")
    ap.add_argument("out", help="map file to write")
    ap.add_argument("--countries", help="Natural Earth countries as TopoJSON (countries-10m.json)")
    ap.add_argument("--places", help="GeoNames place list CSV")
    ap.add_argument("--tolerance", type=float,
                    help="Douglas-Peucker tolerance in degrees (default: the config's, or 0.01)")
    args = ap.parse_args()
    try:
        with open(args.config, "rb") as f:
            cfg = check_config(tomllib.load(f), args.config)
        config_name = args.config.replace("\\", "/").rsplit("/", 1)[-1]
        if cfg["source"] == "natural-earth":
            rings, borders, places, tol = natural_earth(cfg, args)
        else:
            (rings, borders, places), tol = drawn(cfg, args.config), None
        write_map(args.out, cfg, header(cfg, config_name, tol), rings, borders, places)
    except (OSError, tomllib.TOMLDecodeError, ConfigError) as e:
        sys.exit(f"derive_map: {e}")


if __name__ == "__main__":
    main()
