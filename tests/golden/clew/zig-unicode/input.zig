/// Grüße aus Köln — a greeting type.
pub const @"Grüße" = struct {
    /// Name des Empfängers 名前.
    @"empfänger name": []const u8 = "José �� broken",
    // a comment with invalid bytes: �( and �
    @"type": u8,

    pub fn @"grüß dich"(self: @"Grüße", @"ziel ort": []const u8) void {
        _ = self;
        _ = @"ziel ort";
    }
};

/// ✓ Emoji doc 🎉 �
pub const @"Ünïcödé" = enum { @"ä", @"ö ö", plain };

const names = @import("名前.zig");
const Wrapper = @"Grüße";
const @"escaped\x41" = u8;
