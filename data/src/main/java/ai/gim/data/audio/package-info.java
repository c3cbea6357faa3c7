/**
 * Speech data: FLAC decoding, the LibriSpeech directory layout with CPC's split and phone-alignment
 * files, random training windows, and the Festival-synthesised demo corpus written in that layout.
 */
package ai.gim.data.audio;
