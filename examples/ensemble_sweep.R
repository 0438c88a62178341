#!/usr/bin/env Rscript
# ensemble_sweep.R - run an ensemble and a sweep with frontier, load the outputs in R, draw a
# figure. Base R only (no packages needed).
#
#     Rscript examples/ensemble_sweep.R [FRONTIER [OUT [N [SEED [SCENARIO]]]]]
#
# FRONTIER is the binary (default: frontier on PATH, else ./frontier), OUT the output folder
# (default out/example-r), N the replications (default 400; the sweep runs N/4 a point),
# SCENARIO a file or a name on the scenario search path (default kabul-ultimatum-2023).
# The figure, OUT/example.png: the threat score's daily 5-95% and 25-75% bands and median
# (fan.csv), and the chance of a first strike within 90 days for strike thresholds 0.6 to 0.9
# with its Wilson 95% interval (sweep.csv). Columns and units: docs/outputs.md.

args <- commandArgs(trailingOnly = TRUE)
arg <- function(i, default) if (length(args) >= i) args[[i]] else default
exe <- arg(1, if (nzchar(Sys.which("frontier"))) "frontier" else "./frontier")
out <- arg(2, "out/example-r")
n <- as.integer(arg(3, "400"))
seed <- arg(4, "1")
scenario <- arg(5, "kabul-ultimatum-2023")

frontier <- function(...) {
  a <- c(...)
  status <- system2(exe, a, stdout = FALSE)
  if (status != 0) stop(sprintf("%s %s failed (%d)", exe, paste(a, collapse = " "), status))
}

ens <- file.path(out, "ensemble")
swp <- file.path(out, "sweep")
frontier("ensemble", scenario, "-n", n, "-s", seed, "-q", "--no-plots", "-o", ens)
frontier("sweep", scenario, "--vary", "state.strike.threshold=0.6:0.9:0.05",
         "-n", max(n %/% 4, 2), "-s", seed, "-q", "--no-plots", "-o", swp)

fan <- read.csv(file.path(ens, "fan.csv"))
fan$date <- as.Date(fan$date)
reps <- read.csv(file.path(ens, "replications.csv"))
sweep <- read.csv(file.path(swp, "sweep.csv"), check.names = FALSE)
struck <- !is.na(reps$first_strike_day)   # empty when a run never struck
cat(sprintf("ensemble: %d replications, mean strikes %.2f, %.0f%% struck at least once; among them the median first strike is day %.0f\n",
            nrow(reps), mean(reps$strikes), 100 * mean(struck),
            median(reps$first_strike_day[struck])))
x <- sweep[["state.strike.threshold"]]
for (i in seq_len(nrow(sweep)))
  cat(sprintf("sweep: threshold %.2f: P(strike within 90 days) %.2f (%.2f to %.2f), n = %d\n",
              x[i], sweep$p_strike_90[i], sweep$p_strike_90_ci95_lo[i],
              sweep$p_strike_90_ci95_hi[i], sweep$n[i]))

path <- file.path(out, "example.png")
png(path, width = 1320, height = 600, res = 120)
par(mfrow = c(1, 2), mar = c(7, 4.5, 2.5, 1), oma = c(1.2, 0, 0, 0))
band <- function(lo, hi, col) polygon(c(fan$date, rev(fan$date)), c(lo, rev(hi)), col = col,
                                      border = NA)
plot(fan$date, fan$threat_median, type = "n", ylim = c(0, 1.05), xlab = "",
     ylab = "threat score S", main = "Threat score")
band(fan$threat_q05, fan$threat_q95, adjustcolor("steelblue", 0.25))
band(fan$threat_q25, fan$threat_q75, adjustcolor("steelblue", 0.5))
lines(fan$date, fan$threat_median, col = "steelblue4", lwd = 2)
lines(fan$date, fan$threshold_mean, col = "firebrick", lwd = 2, lty = 2)
legend("top", inset = c(0, 1.12), xpd = NA, ncol = 2, cex = 0.75, bty = "n",
       legend = c("5-95% of runs", "25-75% of runs", "median", "mean effective strike threshold"),
       fill = c(adjustcolor("steelblue", 0.25), adjustcolor("steelblue", 0.5), NA, NA),
       border = c("steelblue", "steelblue", NA, NA), lty = c(NA, NA, 1, 2), lwd = c(NA, NA, 2, 2),
       col = c(NA, NA, "steelblue4", "firebrick"))
plot(x, sweep$p_strike_90, type = "b", pch = 19, col = "steelblue4", ylim = c(0, 1),
     xlab = "state.strike.threshold", ylab = "P(first strike within 90 days)",
     main = "First strike within 90 days")
arrows(x, sweep$p_strike_90_ci95_lo, x, sweep$p_strike_90_ci95_hi, angle = 90, code = 3,
       length = 0.04, col = "steelblue4")
legend("top", inset = c(0, 1.3), xpd = NA, cex = 0.75, bty = "n",
       legend = "share of runs, Wilson 95% interval", pch = 19, col = "steelblue4")
mtext(sprintf("frontier, scenario %s, seed %s: ensemble n = %d, sweep n = %d per point",
              basename(scenario), seed, nrow(reps), sweep$n[1]),
      side = 1, outer = TRUE, adj = 0, cex = 0.6, col = "grey40")
invisible(dev.off())
cat(sprintf("figure: %s\n", path))
