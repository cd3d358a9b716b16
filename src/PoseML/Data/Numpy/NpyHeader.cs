using System.Globalization;
using System.Text;

namespace PoseML.Data.Numpy;

/// <summary>The parsed header of a <c>.npy</c> file: element type, memory order and shape.</summary>
internal sealed record NpyHeader(NpyDType DType, bool FortranOrder, int[] Shape)
{
    /// <summary>Parses the header dictionary literal, e.g.
    /// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.</summary>
    /// <exception cref="NpyHeaderException">Malformed literal or a missing / ill-typed key; names the key.</exception>
    public static NpyHeader Parse(string text)
    {
        var parser = new LiteralParser(text);
        var value = parser.ParseValue();
        parser.SkipSpace();
        if (!parser.AtEnd) throw new NpyHeaderException("header", $"unexpected text after the header dictionary at position {parser.Position}");
        if (value is not Dictionary<string, object?> dict)
            throw new NpyHeaderException("header", "the header is not a dictionary literal");
        foreach (var key in dict.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
                throw new NpyHeaderException(key, "unexpected key; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
        }
        if (!dict.TryGetValue("descr", out var descr)) throw new NpyHeaderException("descr", "missing");
        if (!dict.TryGetValue("fortran_order", out var fortran)) throw new NpyHeaderException("fortran_order", "missing");
        if (!dict.TryGetValue("shape", out var shape)) throw new NpyHeaderException("shape", "missing");
        if (descr is not string descrText)
            throw new NpyHeaderException("descr", "structured (record) dtypes are not supported; expected a type string such as '<f4'");
        NpyDType dtype;
        try { dtype = NpyDType.Parse(descrText); }
        catch (FormatException e) { throw new NpyHeaderException("descr", e.Message); }
        if (fortran is not bool fortranOrder) throw new NpyHeaderException("fortran_order", "expected True or False");
        if (shape is not List<object?> dims) throw new NpyHeaderException("shape", "expected a tuple of non-negative integers");
        var result = new int[dims.Count];
        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i] is not long d || d < 0 || d > int.MaxValue)
                throw new NpyHeaderException("shape", $"dimension {i} is '{dims[i]}'; expected an integer in 0..{int.MaxValue}");
            result[i] = (int)d;
        }
        return new NpyHeader(dtype, fortranOrder, result);
    }

    /// <summary>A recursive-descent parser for the Python literals numpy writes in headers:
    /// dicts, tuples, lists, strings, integers, True/False/None. Nesting is capped.</summary>
    private sealed class LiteralParser(string text)
    {
        private const int MaxNesting = 32;
        private int _depth;

        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position])) Position++;
        }

        private char Peek()
        {
            SkipSpace();
            return Position < text.Length ? text[Position] : '\0';
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw new NpyHeaderException("header", $"expected '{c}' at position {Position} of the header literal");
            Position++;
        }

        public object? ParseValue()
        {
            if (++_depth > MaxNesting) throw new NpyHeaderException("header", $"literal nested deeper than {MaxNesting}");
            try
            {
                var c = Peek();
                switch (c)
                {
                    case '{': return ParseDict();
                    case '(': return ParseSequence('(', ')');
                    case '[': return ParseSequence('[', ']');
                    case '\'' or '"': return ParseString();
                }
                if (c == '-' || char.IsAsciiDigit(c)) return ParseInteger();
                foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
                {
                    if (string.CompareOrdinal(text, Position, word, 0, word.Length) == 0)
                    {
                        Position += word.Length;
                        return value;
                    }
                }
                throw new NpyHeaderException("header", $"unexpected '{c}' at position {Position} of the header literal");
            }
            finally { _depth--; }
        }

        private Dictionary<string, object?> ParseDict()
        {
            Expect('{');
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (Peek() != '}')
            {
                if (ParseValue() is not string key) throw new NpyHeaderException("header", "dictionary keys must be strings");
                Expect(':');
                if (!dict.TryAdd(key, ParseValue())) throw new NpyHeaderException(key, "appears twice in the header");
                if (Peek() == ',') Position++;
                else if (Peek() != '}') throw new NpyHeaderException("header", $"expected ',' or '}}' at position {Position}");
            }
            Position++;
            return dict;
        }

        private List<object?> ParseSequence(char open, char close)
        {
            Expect(open);
            var items = new List<object?>();
            while (Peek() != close)
            {
                if (AtEnd) throw new NpyHeaderException("header", $"unterminated '{open}'");
                items.Add(ParseValue());
                if (Peek() == ',') Position++;
                else if (Peek() != close) throw new NpyHeaderException("header", $"expected ',' or '{close}' at position {Position}");
            }
            Position++;
            return items;
        }

        private string ParseString()
        {
            var quote = text[Position++];
            var sb = new StringBuilder();
            while (Position < text.Length && text[Position] != quote)
            {
                if (text[Position] == '\\' && Position + 1 < text.Length) Position++;
                sb.Append(text[Position++]);
            }
            if (Position >= text.Length) throw new NpyHeaderException("header", "unterminated string in the header literal");
            Position++;
            return sb.ToString();
        }

        private long ParseInteger()
        {
            var start = Position;
            if (text[Position] == '-') Position++;
            while (Position < text.Length && char.IsAsciiDigit(text[Position])) Position++;
            // Python 2 era files may write longs as 3L.
            var digits = text.AsSpan(start, Position - start);
            if (Position < text.Length && text[Position] == 'L') Position++;
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                throw new NpyHeaderException("shape", $"integer '{digits}' at position {start} is out of range");
            return v;
        }
    }
}

/// <summary>A header problem, carried to the reader, which adds the file name.</summary>
internal sealed class NpyHeaderException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
