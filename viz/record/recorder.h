/* recorder.h - writes view frames as numbered PNG files in a folder, or as an MP4 video by
 * piping them, converted to yuv420p (libyuv), to ffmpeg (when it is installed). */
#ifndef FRONTIER_RECORDER_H
#define FRONTIER_RECORDER_H
#include <SDL.h>
#include <stddef.h>

typedef struct recorder recorder;

/* Nonzero when ffmpeg is found on PATH. */
int recorder_have_ffmpeg(void);
/* Starts a recording of w x h frames at fps to path: a name ending in ".mp4" is a video
 * (needs ffmpeg), anything else a folder (created if missing) of frame-000001.png, ...
 * A video of an odd width or height leaves out the last column or row (yuv420p and x264
 * need even sizes). Returns NULL with a message in err. */
recorder *recorder_open(const char *path, int w, int h, int fps, char *err, size_t errlen);
/* Adds one frame (an ARGB8888 surface of the recording's size). Returns 0 or SIM_EIO. */
int recorder_frame(recorder *rc, SDL_Surface *frame);
int recorder_frames(const recorder *rc);
/* Finishes the file(s). Returns 0, or SIM_EIO when ffmpeg failed. Accepts NULL. */
int recorder_close(recorder *rc);

#endif
