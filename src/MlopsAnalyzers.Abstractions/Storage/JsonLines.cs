using System;
using System.Collections.Generic;
using System.IO;

namespace MlopsAnalyzers.Abstractions.Storage;

/// <summary>
/// Splits a stream of JSON lines without loading it whole: files of any length (over 2 GiB too) are read in chunks,
/// and a line longer than the limit is skipped without being held in memory.
/// </summary>
internal static class JsonLines
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The lines of <paramref name="stream"/>, numbered from 1. A byte-order mark at the start and a carriage return
    /// before the line feed are not part of a line. The content of a line is valid until the next line is read.
    /// </summary>
    public static IEnumerable<Line> Read(Stream stream, int maxLineLength)
    {
        var chunk = new byte[ChunkSize];
        var line = new byte[4096];
        var length = 0;
        var overlong = false;
        var number = 1;
        var first = true;
        var hash = FnvOffset;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (read >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
                {
                    start = 3;
                }
            }

            while (start < read)
            {
                var end = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                var stop = end < 0 ? read : end;
                var count = stop - start;
                hash = Hash(hash, chunk, start, Math.Min(count, 256 - Math.Min(256, length)));
                if (!overlong)
                {
                    if ((long)length + count > maxLineLength)
                    {
                        overlong = true;
                    }
                    else
                    {
                        if (length + count > line.Length)
                        {
                            Array.Resize(ref line, Math.Min(maxLineLength, Math.Max(line.Length * 2, length + count)));
                        }

                        Buffer.BlockCopy(chunk, start, line, length, count);
                    }
                }

                length = overlong ? length : length + count;
                if (end < 0)
                {
                    break;
                }

                yield return Make(line, length, overlong, terminated: true, number, hash);
                number++;
                length = 0;
                overlong = false;
                hash = FnvOffset;
                start = end + 1;
            }
        }

        if (length > 0 || overlong)
        {
            yield return Make(line, length, overlong, terminated: false, number, hash);
        }
    }

    private const long FnvOffset = unchecked((long)14695981039346656037UL);

    /// <summary>A hash of a line's first 256 bytes, to tell a line from another one reported at the same number.</summary>
    private static long Hash(long hash, byte[] bytes, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            hash = unchecked((hash ^ bytes[i]) * 1099511628211L);
        }

        return hash;
    }

    private static Line Make(byte[] buffer, int length, bool overlong, bool terminated, int number, long hash)
    {
        if (!overlong && length > 0 && buffer[length - 1] == '\r')
        {
            length--;
        }

        var blank = !overlong;
        for (var i = 0; blank && i < length; i++)
        {
            blank = buffer[i] is (byte)' ' or (byte)'\t';
        }

        return new Line(number, overlong ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(buffer, 0, length), terminated, overlong, blank, hash);
    }

    /// <summary>One line: its number, its bytes (empty when overlong), whether a line feed ended it.</summary>
    public readonly struct Line
    {
        public Line(int number, ReadOnlyMemory<byte> content, bool terminated, bool overlong, bool isBlank, long key)
        {
            Number = number;
            Content = content;
            Terminated = terminated;
            Overlong = overlong;
            IsBlank = isBlank;
            Key = key;
        }

        public int Number { get; }

        public ReadOnlyMemory<byte> Content { get; }

        public bool Terminated { get; }

        public bool Overlong { get; }

        public bool IsBlank { get; }

        /// <summary>A hash of the line's start, which stays the same when a torn line is later ended.</summary>
        public long Key { get; }
    }
}
