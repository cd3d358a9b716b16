using System.Collections.Immutable;
using System.Globalization;
using PoseML.Core;

namespace PoseML.Data.Mocap.Bvh;

/// <summary>Reads Biovision Hierarchy (BVH) files: a <c>HIERARCHY</c> of <c>ROOT</c>/<c>JOINT</c>/
/// <c>End Site</c> blocks with <c>OFFSET</c> and <c>CHANNELS</c> (any count and order per joint), then
/// a <c>MOTION</c> section with <c>Frames:</c>, <c>Frame Time:</c> and one line of values per frame.
/// Every problem is a <see cref="DataFormatException"/> naming the file, line and offending token.</summary>
public static class BvhReader
{
    /// <summary>Deepest joint nesting accepted (ROOT is depth 1; End Sites do not count). Real skeletons nest about 10 deep;
    /// the limit keeps a hostile file from exhausting the stack.</summary>
    public const int MaxJointDepth = 512;

    /// <summary>Reads the BVH file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, or malformed content.</exception>
    public static BvhFile Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found; expected a BVH file");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses BVH text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">Malformed content.</exception>
    public static BvhFile Parse(TextReader reader, string source)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return new Parser(source, lines).Parse();
    }

    private readonly record struct Token(string Text, int Line);

    private sealed class Parser(string source, List<string> lines)
    {
        private readonly List<Token> _tokens = [];
        private int _next;
        private int _motionLine = -1;
        private List<BvhJoint> _joints = [];

        public BvhFile Parse()
        {
            Tokenize();
            var header = Take("'HIERARCHY'");
            if (!header.Text.Equals("HIERARCHY", StringComparison.OrdinalIgnoreCase))
                throw Error(header, $"expected 'HIERARCHY' at the start of the file, found '{header.Text}'");
            var joints = _joints;
            var channels = 0;
            while (Peek() is { } t && !t.Text.Equals("MOTION", StringComparison.OrdinalIgnoreCase))
            {
                if (!t.Text.Equals("ROOT", StringComparison.OrdinalIgnoreCase))
                    throw Error(t, $"expected 'ROOT' or 'MOTION', found '{t.Text}'");
                ParseJoint(joints, -1, 1, ref channels);
            }
            if (joints.Count == 0)
            {
                var where = Peek() ?? new Token("", lines.Count);
                throw Error(where, "the hierarchy has no ROOT joint");
            }
            if (_motionLine < 0)
                throw new DataFormatException(source, "missing MOTION section (file ends after the hierarchy; truncated?)", lines.Count);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var j in joints)
            {
                if (!names.Add(j.Name)) throw new DataFormatException(source, $"joint name '{j.Name}' is used twice", j.Line, j.Name);
            }
            var (frames, frameTime, values) = ParseMotion(channels);
            return new BvhFile(source, [.. joints], channels, frames, frameTime, values);
        }

        private void Tokenize()
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var p = 0;
                while (p < line.Length)
                {
                    if (char.IsWhiteSpace(line[p])) { p++; continue; }
                    if (line[p] is '{' or '}') { _tokens.Add(new Token(line[p].ToString(), i + 1)); p++; continue; }
                    var start = p;
                    while (p < line.Length && !char.IsWhiteSpace(line[p]) && line[p] is not ('{' or '}')) p++;
                    var text = line[start..p];
                    _tokens.Add(new Token(text, i + 1));
                    if (text.Equals("MOTION", StringComparison.OrdinalIgnoreCase))
                    {
                        _motionLine = i + 1;
                        return;
                    }
                }
            }
        }

        private Token? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

        private Token Take(string expected)
        {
            if (_next < _tokens.Count) return _tokens[_next++];
            throw new DataFormatException(source, $"file ends where {expected} was expected (truncated?)", lines.Count);
        }

        private void Expect(string text)
        {
            var t = Take($"'{text}'");
            if (!t.Text.Equals(text, StringComparison.OrdinalIgnoreCase))
                throw Error(t, $"expected '{text}', found '{t.Text}'");
        }

        private DataFormatException Error(Token t, string message) => new(source, message, t.Line, t.Text.Length > 0 ? t.Text : null);

        private void ParseJoint(List<BvhJoint> joints, int parent, int depth, ref int channelCount)
        {
            var keyword = Take("'ROOT', 'JOINT' or 'End Site'");
            string name;
            var isEnd = keyword.Text.Equals("End", StringComparison.OrdinalIgnoreCase);
            // An End Site has no children, so only joints count towards the limit.
            if (!isEnd && depth > MaxJointDepth)
                throw Error(keyword, $"joints nested deeper than {MaxJointDepth} levels; expected a skeleton hierarchy at most {MaxJointDepth} deep");
            if (isEnd)
            {
                Expect("Site");
                name = joints[parent].Name + "_End";
            }
            else
            {
                var parts = new List<string>();
                while (Peek() is { } t && t.Line == keyword.Line && t.Text != "{") parts.Add(Take("a joint name").Text);
                if (parts.Count == 0) throw Error(keyword, $"'{keyword.Text}' needs a joint name on the same line");
                name = string.Join(' ', parts);
            }
            Expect("{");
            Expect("OFFSET");
            var offset = new Vec3(Number(), Number(), Number());
            var channels = ImmutableArray<BvhChannel>.Empty;
            var first = channelCount;
            if (!isEnd)
            {
                Expect("CHANNELS");
                var countToken = Take("a channel count");
                if (!int.TryParse(countToken.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 64)
                    throw Error(countToken, $"expected a channel count (0..64), found '{countToken.Text}'");
                var list = ImmutableArray.CreateBuilder<BvhChannel>(count);
                for (var c = 0; c < count; c++)
                {
                    var ct = Take($"channel {c + 1} of {count} of joint '{name}'");
                    if (!Enum.TryParse<BvhChannel>(ct.Text, ignoreCase: true, out var channel) || !Enum.IsDefined(channel) || char.IsDigit(ct.Text[0]))
                        throw Error(ct, $"unknown channel '{ct.Text}' for joint '{name}'; expected Xposition, Yposition, Zposition, Xrotation, Yrotation or Zrotation");
                    if (list.Contains(channel)) throw Error(ct, $"channel '{ct.Text}' appears twice for joint '{name}'");
                    list.Add(channel);
                }
                channels = list.MoveToImmutable();
                channelCount = checked(channelCount + count);
            }
            var index = joints.Count;
            joints.Add(new BvhJoint(name, parent, offset, channels, first, isEnd, keyword.Line));
            while (true)
            {
                var t = Peek() ?? throw new DataFormatException(source, $"file ends inside joint '{name}' (missing '}}'; truncated?)", lines.Count);
                if (t.Text == "}") { _next++; return; }
                if (isEnd) throw Error(t, $"expected '}}' to close the End Site of '{joints[parent].Name}', found '{t.Text}'");
                if (t.Text.Equals("JOINT", StringComparison.OrdinalIgnoreCase) || t.Text.Equals("End", StringComparison.OrdinalIgnoreCase))
                    ParseJoint(joints, index, depth + 1, ref channelCount);
                else throw Error(t, $"expected 'JOINT', 'End Site' or '}}' in joint '{name}', found '{t.Text}'");
            }
        }

        private double Number()
        {
            var t = Take("a number");
            if (!double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw Error(t, $"expected a number, found '{t.Text}'");
            if (!double.IsFinite(v)) throw Error(t, $"expected a finite number, found '{t.Text}'");
            return v;
        }

        private (int Frames, double FrameTime, double[] Values) ParseMotion(int channels)
        {
            var i = _motionLine; // 0-based index of the line after MOTION
            var framesLine = NextNonBlank(ref i, "'Frames: N'");
            var frames = (int)HeaderValue(framesLine, i, "Frames", integer: true);
            var framesLineNumber = i + 1;
            i++;
            var timeLine = NextNonBlank(ref i, "'Frame Time: T'");
            var frameTime = HeaderValue(timeLine, i, "Frame Time", integer: false);
            if (!(frameTime > 0)) throw new DataFormatException(source, $"'Frame Time' must be positive seconds per frame, found {frameTime}", i + 1, "Frame Time");
            i++;
            // Every frame is one non-blank line, so the lines that remain bound the declared count:
            // check it before allocating, so a lying header fails cleanly instead of reserving memory.
            var remaining = 0;
            for (var k = i; k < lines.Count && remaining <= frames; k++)
            {
                if (!string.IsNullOrWhiteSpace(lines[k])) remaining++;
            }
            if (frames > remaining)
                throw new DataFormatException(source, $"file ends after {remaining} of the {frames} frames 'Frames:' announces on line {framesLineNumber} (truncated?)", lines.Count + 1, "Frames");
            if ((long)frames * channels > Array.MaxLength)
                throw new DataFormatException(source, $"{frames} frames × {channels} channels exceeds the largest array ({Array.MaxLength} values)", framesLineNumber, "Frames");
            var values = new double[(long)frames * channels];
            var f = 0;
            for (; i < lines.Count; i++)
            {
                var line = lines[i].AsSpan();
                if (line.IsWhiteSpace()) continue;
                if (f == frames)
                    throw new DataFormatException(source, $"more frame lines than 'Frames: {frames}' announces", i + 1);
                ParseFrame(line, i + 1, f, channels, values.AsSpan((int)((long)f * channels), channels));
                f++;
            }
            if (f < frames)
                throw new DataFormatException(source, $"file ends after {f} of the {frames} frames 'Frames:' announces (truncated?)", lines.Count + 1);
            return (frames, frameTime, values);
        }

        private string NextNonBlank(ref int i, string expected)
        {
            while (i < lines.Count && string.IsNullOrWhiteSpace(lines[i])) i++;
            if (i >= lines.Count) throw new DataFormatException(source, $"file ends where {expected} was expected (truncated?)", lines.Count + 1);
            return lines[i];
        }

        private double HeaderValue(string line, int index, string key, bool integer)
        {
            var colon = line.IndexOf(':');
            var label = colon < 0 ? "" : string.Join(' ', line[..colon].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (colon < 0 || !label.Equals(key, StringComparison.OrdinalIgnoreCase))
                throw new DataFormatException(source, $"expected '{key}: <value>', found '{line.Trim()}'", index + 1, key);
            var text = line[(colon + 1)..].Trim();
            var ok = integer
                ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (double?)n : null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
            return ok ?? throw new DataFormatException(source, $"expected {(integer ? "a whole number" : "a number")} after '{key}:', found '{text}'", index + 1, key);
        }

        private void ParseFrame(ReadOnlySpan<char> line, int lineNumber, int frame, int channels, Span<double> into)
        {
            var n = 0;
            var p = 0;
            while (true)
            {
                while (p < line.Length && char.IsWhiteSpace(line[p])) p++;
                if (p >= line.Length) break;
                var start = p;
                while (p < line.Length && !char.IsWhiteSpace(line[p])) p++;
                var token = line[start..p];
                if (n < channels)
                {
                    if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                        throw new DataFormatException(source, $"frame {frame}: value {n + 1} ('{token}') is not a number", lineNumber, ChannelName(n));
                    if (!double.IsFinite(v))
                        throw new DataFormatException(source, $"frame {frame}: value {n + 1} is '{token}'; expected a finite number", lineNumber, ChannelName(n));
                    into[n] = v;
                }
                n++;
            }
            if (n != channels)
                throw new DataFormatException(source, $"frame {frame} has {n} values; the hierarchy declares {channels} channels", lineNumber);
        }

        private string? ChannelName(int channel)
        {
            foreach (var j in _joints)
            {
                if (channel >= j.FirstChannel && channel < j.FirstChannel + j.Channels.Length)
                    return $"{j.Name}.{j.Channels[channel - j.FirstChannel]}";
            }
            return null;
        }
    }
}
