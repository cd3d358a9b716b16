namespace PoseML.Core;

/// <summary>Base type of every error PoseML raises on purpose: bad input, bad files, bad options.
/// The message is one line that names what was wrong and what was expected.</summary>
public class PoseMLException : Exception
{
    /// <summary>Creates the error with a one-line message.</summary>
    public PoseMLException(string message) : base(message) { }

    /// <summary>Creates the error with a one-line message and the underlying cause.</summary>
    public PoseMLException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A file or stream does not hold what its format requires: truncated, malformed,
/// wrong shape, NaN where a number is required, or an unknown version.</summary>
public sealed class DataFormatException : PoseMLException
{
    /// <summary>Creates the error. <paramref name="source"/> is the file name (or a stream description),
    /// <paramref name="line"/> the 1-based line or record number when known, <paramref name="field"/>
    /// the column, key or field name when known.</summary>
    public DataFormatException(string source, string message, long? line = null, string? field = null, Exception? inner = null)
        : base(Format(source, message, line, field), inner ?? new InvalidDataException(message))
    {
        Source_ = source;
        Line = line;
        Field = field;
        Detail = message;
    }

    /// <summary>The file or stream that failed.</summary>
    public string Source_ { get; }

    /// <summary>1-based line or record number, when known.</summary>
    public long? Line { get; }

    /// <summary>Column, key or field name, when known.</summary>
    public string? Field { get; }

    /// <summary>What was wrong, without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string source, string message, long? line, string? field)
    {
        var where = line is null ? source : $"{source}:{line}";
        return field is null ? $"{where}: {message}" : $"{where}: field '{field}': {message}";
    }
}

/// <summary>A data view does not have the columns, element types or shapes a stage needs.
/// Raised before any data is read.</summary>
public sealed class SchemaMismatchException : PoseMLException
{
    /// <summary>Creates the error for <paramref name="column"/>.</summary>
    public SchemaMismatchException(string column, string message) : base($"column '{column}': {message}")
    {
        Column = column;
    }

    /// <summary>The column that is missing or has the wrong type or shape.</summary>
    public string Column { get; }
}

/// <summary>An option or argument is out of its valid range.</summary>
public sealed class InvalidOptionException : PoseMLException
{
    /// <summary>Creates the error for option <paramref name="option"/>.</summary>
    public InvalidOptionException(string option, string message) : base($"option '{option}': {message}")
    {
        Option = option;
    }

    /// <summary>The option's name.</summary>
    public string Option { get; }
}
