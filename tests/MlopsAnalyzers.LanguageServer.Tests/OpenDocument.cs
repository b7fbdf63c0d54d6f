using System;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>A zero-based LSP position (line, UTF-16 character).</summary>
public readonly record struct Position(int Line, int Character)
{
    public override string ToString() => $"{Line}:{Character}";
}

/// <summary>A zero-based LSP range, end exclusive.</summary>
public readonly record struct Range(Position Start, Position End)
{
    public override string ToString() => $"{Start}-{End}";
}

/// <summary>
/// The client's copy of a document open in the server: its text and version, changed by edits that are sent as
/// incremental <c>textDocument/didChange</c> events.
/// </summary>
public sealed class OpenDocument(Uri uri, string text)
{
    public Uri Uri { get; } = uri;

    public string Text { get; private set; } = text;

    public int Version { get; private set; } = 1;

    /// <summary>The range of <paramref name="target"/> inside the only occurrence of <paramref name="context"/>.</summary>
    public Range RangeOf(string context, string? target = null)
    {
        target ??= context;
        var start = Text.IndexOf(context, StringComparison.Ordinal);
        if (start < 0 || Text.IndexOf(context, start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"'{context}' must occur exactly once in {Uri}:\n{Text}");
        }

        var offset = context.IndexOf(target, StringComparison.Ordinal);
        if (offset < 0)
        {
            throw new InvalidOperationException($"'{target}' is not part of '{context}'");
        }

        return new Range(PositionAt(start + offset), PositionAt(start + offset + target.Length));
    }

    /// <summary>Replaces <paramref name="range"/> with <paramref name="newText"/>; returns the didChange parameters.</summary>
    public object Edit(Range range, string newText)
    {
        var start = OffsetOf(range.Start);
        var end = OffsetOf(range.End);
        Text = string.Concat(Text.AsSpan(0, start), newText, Text.AsSpan(end));
        Version++;
        return new
        {
            textDocument = new { uri = Uri.AbsoluteUri, version = Version },
            contentChanges = new[] { new { range, text = newText } },
        };
    }

    public Position PositionAt(int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new Position(line, offset - lineStart);
    }

    private int OffsetOf(Position position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line; line++)
        {
            offset = Text.IndexOf('\n', offset) + 1;
            if (offset == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(position), position, "past the end of the document");
            }
        }

        return offset + position.Character;
    }
}
