/*
 * codec_int.h - what the encoder (codec.c) and the decoder (codec_read.c)
 * share: the framing constants.
 */
#ifndef ANK_MAZE_CODEC_INT_H
#define ANK_MAZE_CODEC_INT_H

#define MAGIC0 0xA7
#define MAGIC1 'K'
#define TAG_FILE 'F'
#define TAG_FAILURE 'E'
#define TRAILER 8
/* Deeper type trees than this are refused (the extractor stops far
 * earlier, at ANK_TYPE_MAX_DEPTH per type). */
#define MAX_DEPTH 512

#endif
