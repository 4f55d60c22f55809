my ($a, $b) = split " ", <STDIN>;
print $a + $b + ($a > 1 ? 1 : 0), "\n";
